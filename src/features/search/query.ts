/**
 * What a visitor typed, made forgiving before it reaches the database: accents folded, punctuation dropped, leading
 * articles ignored, numbers matched as digits, Roman numerals or words, and the last word matched as a prefix so
 * results follow the typing.
 */
import { fold } from '../../lib/fold.js';

export { fold };

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

/**
 * The words of a text as the indexes see them: runs of letters, digits and the marks that belong to letters (FTS5
 * unicode61, PostgreSQL 'simple').
 */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
}

/** Ignored in queries: "quiet place" and "the quiet place" both find "A Quiet Place". */
export const STOP_WORDS = new Set(['a', 'an', 'the', 'and', 'of']);

/**
 * A title as the search compares titles, for matching another site's record to a film: folded, punctuation gone,
 * and the articles left out wherever they stand, so "The Matrix", "Matrix, The" and "matrix" give one key. A title of
 * articles only keeps them ("The" is then "the").
 */
export function titleKey(title: string): string {
  const all = words(title);
  const meaningful = all.filter((w) => !STOP_WORDS.has(w));
  return (meaningful.length ? meaningful : all).join(' ');
}

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

const LEADING_ARTICLES = new Set(['the', 'a', 'an']);

/**
 * The query as a title's compact key (migration 2026-12-05-87): its words without a leading article, joined
 * ("the bells of st marys" → "bellsofstmarys", "spider man" → "spiderman"). Undefined for one word, which the index
 * matches as it is.
 */
export function compactKey(queryWords: string[]): string | undefined {
  const rest = LEADING_ARTICLES.has(queryWords[0] ?? '') ? queryWords.slice(1) : queryWords;
  return rest.length >= 2 ? rest.join('') : undefined;
}

/**
 * The spellings one slip of the fingers away that trigrams miss: two neighbouring letters swapped ("godfahter" →
 * "godfather", which breaks up to four of its trigrams) and one letter too many ("willlard"). A handful per word, so
 * they can be OR-ed into an ordinary index query on both databases; a letter left out or mistyped keeps most trigrams
 * and is left to the trigram fallback (generating those spellings too would be 50 per letter).
 */
export function nearSpellings(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  out.delete(word);
  return [...out].filter((w) => w.length >= 2);
}

/** A place in a typed word where one letter may be wrong or missing: the title word is `left`, one letter, `right`. */
export interface OneSlipProbe {
  left: string;
  right: string;
}

/**
 * Where a mistyped or left-out letter may be in the word `queryWords[at]` ("heathrs": "heath" + one letter + "rs";
 * "wors": "w" + one letter + "rs"), as pieces a trigram index can look up: each piece of three characters or more is
 * looked up, and when the word's own pieces are too short they take the neighbouring typed word with them ("star w" +
 * one letter + "rs"). A swapped pair or a letter too many is nearSpellings()'s part.
 */
export function oneSlipProbes(queryWords: string[], at: number): OneSlipProbe[] {
  const word = queryWords[at]!;
  const probes = new Map<string, OneSlipProbe>();
  const fixed = (a: string, b: string) => (a.length >= 3 ? a.length : 0) + (b.length >= 3 ? b.length : 0);
  const keep = (left: string, right: string) => {
    if (fixed(left, right) >= 3) probes.set(`${left}|${right}`, { left, right });
  };
  const add = (left: string, right: string) => {
    if (fixed(left, right) >= 4) return keep(left, right);
    // The word alone says too little: with the word typed before it, or the one after (a title may hold only one
    // of them next to it: "Star Wars: The Clone Wars").
    if (at > 0 && left.length < 3) keep(`${queryWords[at - 1]} ${left}`, right);
    if (at + 1 < queryWords.length && right.length < 3) keep(left, `${right} ${queryWords[at + 1]}`);
    if (at === 0 && at + 1 === queryWords.length) keep(left, right);
  };
  for (let i = 0; i < word.length; i++) add(word.slice(0, i), word.slice(i + 1));
  for (let i = 0; i <= word.length; i++) add(word.slice(0, i), word.slice(i));
  return [...probes.values()];
}

/** Whether `word` is `typed` with one letter changed or one letter put in (what oneSlipProbes() looks for). */
export function isOneSlipAway(typed: string, word: string): boolean {
  if (word.length === typed.length) {
    let differences = 0;
    for (let i = 0; i < word.length && differences < 2; i++) if (word[i] !== typed[i]) differences++;
    return differences === 1;
  }
  if (word.length !== typed.length + 1) return false;
  let i = 0;
  while (i < typed.length && typed[i] === word[i]) i++;
  return word.slice(i + 1) === typed.slice(i);
}

/**
 * The trigrams of one folded word as pg_trgm counts them, padded with two spaces before and one after (F.35.1), each
 * packed into one number: sets of numbers hash far faster than sets of three-character strings.
 */
function wordTrigrams(word: string): number[] {
  const padded = `  ${word} `;
  const codes: number[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) {
    codes.push((padded.charCodeAt(i) * 65536 + padded.charCodeAt(i + 1)) * 65536 + padded.charCodeAt(i + 2));
  }
  return codes;
}

/**
 * Compares one query with many texts (titles, names) by trigrams: the query's trigrams are computed once, each text's
 * words once. Both measures follow pg_trgm, so the two databases' candidates are scored alike.
 */
export class TrigramMatcher {
  /** Each distinct trigram of the query, numbered 0…n-1. */
  private readonly index = new Map<number, number>();
  private readonly width: number;

  constructor(query: string) {
    const queryWords = words(query);
    for (const word of queryWords)
      for (const code of wordTrigrams(word)) if (!this.index.has(code)) this.index.set(code, this.index.size);
    this.width = queryWords.length;
  }

  /**
   * `similarity`: shared trigrams over all distinct trigrams of both, 0–1 (pg_trgm's similarity()).
   * `wordSimilarity`: the share of the query's trigrams found in the best run of consecutive words of the text
   * (after pg_trgm's word_similarity()): "shawshenk" is like "The Shawshank Redemption" by this measure even though the
   * whole titles differ.
   */
  compare(text: string): { similarity: number; wordSimilarity: number } {
    const size = this.index.size;
    if (size === 0) return { similarity: 0, wordSimilarity: 0 };
    const all = new Set<number>();
    // For each word of the text, which of the query's trigrams it has.
    const hits: number[][] = [];
    for (const word of words(text)) {
      const found: number[] = [];
      for (const code of wordTrigrams(word)) {
        all.add(code);
        const k = this.index.get(code);
        if (k !== undefined) found.push(k);
      }
      hits.push(found);
    }
    const seen = new Uint8Array(size);
    const distinct = (from: number, to: number) => {
      seen.fill(0);
      let n = 0;
      for (let i = from; i < to; i++) {
        for (const k of hits[i]!) {
          if (!seen[k]) {
            seen[k] = 1;
            n++;
          }
        }
      }
      return n;
    };
    const shared = distinct(0, hits.length);
    const result = { similarity: all.size ? shared / (size + all.size - shared) : 0, wordSimilarity: 0 };
    for (let span = Math.max(1, this.width - 1); span <= this.width + 1; span++) {
      for (let i = 0; i + span <= Math.max(span, hits.length); i++) {
        result.wordSimilarity = Math.max(result.wordSimilarity, distinct(i, Math.min(i + span, hits.length)) / size);
      }
    }
    return result;
  }
}

export const similarity = (a: string, b: string): number => new TrigramMatcher(a).compare(b).similarity;
export const wordSimilarity = (query: string, text: string): number =>
  new TrigramMatcher(query).compare(text).wordSimilarity;

/**
 * Han, kana and Hangul, and the kana length mark "ー" (its script is "common"): scripts written without spaces
 * between words, or, for Korean, with particles glued to the word.
 */
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30fc]+/gu;

/**
 * The runs of CJK characters in a query, folded like the rest ("千尋", "번방" in "7번방"). Both indexes keep such a
 * run whole as one word, so a piece of it from the middle or the end matches nothing there; the search also looks
 * for these runs as substrings of the titles. Empty for a query without CJK characters.
 */
export function cjkRuns(raw: string): string[] {
  return [...new Set(fold(raw.slice(0, 200)).match(CJK_RUN) ?? [])].slice(0, MAX_TERMS);
}
