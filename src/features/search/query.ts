/**
 * What a visitor typed, made forgiving before it reaches the database: accents folded, punctuation dropped, leading
 * articles ignored, numbers matched as digits, Roman numerals or words, and the last word matched as a prefix so
 * results follow the typing.
 */

export interface QueryTerm {
  /** Interchangeable spellings: ["2", "ii", "two"]. The first is what was typed. */
  forms: string[];
  /** The typed form also matches longer words ("shawsh" → "shawshank"). */
  prefix: boolean;
}

export interface ParsedQuery {
  /** Every term must match (one of its forms). Empty: nothing searchable was typed. */
  terms: QueryTerm[];
  /** The normalised words, stop words included, for similarity and highlighting. */
  words: string[];
  /**
   * Only words like "the" were typed: they occur in most films, so there is nothing to rank by and they are not
   * searched (the page asks for another word).
   */
  onlyCommonWords: boolean;
}

/** Letters NFKD does not split into base + accent. */
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case, accents removed: "Les Misérables" → "les miserables". The databases fold the indexed text alike. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c);
}

/** The words of a text as the indexes see them: runs of letters and digits (FTS5 unicode61, PostgreSQL 'simple'). */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Ignored in queries: "quiet place" and "the quiet place" both find "A Quiet Place". */
export const STOP_WORDS = new Set(['a', 'an', 'the', 'and', 'of']);

const NUMERALS: string[][] = [
  ['1', 'i', 'one'],
  ['2', 'ii', 'two'],
  ['3', 'iii', 'three'],
  ['4', 'iv', 'four'],
  ['5', 'v', 'five'],
  ['6', 'vi', 'six'],
  ['7', 'vii', 'seven'],
  ['8', 'viii', 'eight'],
  ['9', 'ix', 'nine'],
  ['10', 'x', 'ten'],
];
const NUMERAL_FORMS = new Map<string, string[]>();
for (const group of NUMERALS) for (const form of group) NUMERAL_FORMS.set(form, group);

/** Queries are cut here: nobody types more, and each term costs the database a posting-list walk. */
const MAX_TERMS = 8;

export function parseQuery(raw: string): ParsedQuery {
  const all = words(raw.slice(0, 200));
  const meaningful = all.filter((w) => !STOP_WORDS.has(w));
  if (meaningful.length === 0) return { terms: [], words: all, onlyCommonWords: all.length > 0 };
  const chosen = meaningful.slice(0, MAX_TERMS);
  // "a" or "i" alone as a prefix would match most of the catalog; prefixes start at two characters.
  const terms = chosen.map((word, i): QueryTerm => {
    const group = NUMERAL_FORMS.get(word);
    const forms = group ? [word, ...group.filter((f) => f !== word)] : [word];
    return { forms, prefix: i === chosen.length - 1 && word.length >= 2 && !group };
  });
  return { terms, words: all, onlyCommonWords: false };
}

/** Trigrams as pg_trgm counts them: each word padded with two spaces before and one after (pg_trgm docs, F.35.1). */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of words(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** Shared trigrams over all distinct trigrams, 0–1: pg_trgm's similarity(), computed alike for both databases. */
export function similarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * How well the query matches some run of consecutive words of the text, 0–1: the share of the query's trigrams found
 * there (after pg_trgm's word_similarity()). "shawshenk" is like "The Shawshank Redemption" by this measure even
 * though the whole titles differ.
 */
export function wordSimilarity(query: string, text: string): number {
  const q = trigrams(query);
  if (q.size === 0) return 0;
  const textWords = words(text);
  const width = words(query).length;
  let best = 0;
  for (let size = Math.max(1, width - 1); size <= width + 1; size++) {
    for (let i = 0; i + size <= Math.max(size, textWords.length); i++) {
      const window = trigrams(textWords.slice(i, i + size).join(' '));
      let shared = 0;
      for (const t of q) if (window.has(t)) shared++;
      best = Math.max(best, shared / q.size);
    }
  }
  return best;
}
