// Text folding shared by search (queries and the indexes fold alike) and slugs (a title's URL reads as it sounds).

/** Letters NFKD does not split into base + accent. */
export const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Combining accents of the Latin, Greek and Cyrillic alphabets: what unaccent and FTS5's remove_diacritics take off.
 * Other scripts' combining marks are part of their letters (Devanagari vowel signs, the kana voicing marks of "ゴジラ")
 * and the databases keep them, so the query keeps them too.
 */
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;

/**
 * Lower case, accents removed: "Les Misérables" → "les miserables". The databases fold the indexed text alike. NFKD
 * splits Hangul syllables into jamo and kana from their voicing marks; NFC puts them back together, as the indexes
 * store them ("7번방의 선물" must reach the database as typed, measured: the decomposed form matches nothing).
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c);
}
