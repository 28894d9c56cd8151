import { FOLD } from './fold.js';

/** What a slug may hold: lower-case letters of any script, letters without case (CJK, Arabic, …), marks, digits. */
export const SLUG_CHARS = '\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}\\p{N}';

/** Readable in Latin, at most this many characters. */
const MAX_LENGTH = 80;
/**
 * Other scripts travel percent-encoded (a CJK character is 9 bytes on the wire): the router refuses a path segment
 * past 200 characters, so a slug's encoded form stays below that.
 */
const MAX_ENCODED_LENGTH = 180;

/**
 * Latin letters lose their accents and are transliterated ("Smørrebrød" → "smorrebrod", "Ærø" → "aero", the same
 * folding the search uses); letters of other scripts are kept as they are ("Брат" → "брат", "千と千尋の神隠し" stays),
 * so that every title has a slug a reader recognises. Marks are only taken off Latin letters: a Cyrillic "й" or a
 * Devanagari vowel sign is part of its letter.
 */
function transliterate(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{Script=Latin}\p{M}*/gu, (letter) => letter.normalize('NFKD').replace(/\p{M}/gu, ''))
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c);
}

/** A readable URL slug: words of letters and digits joined by hyphens, lower case, bounded in length. */
export function slugify(text: string): string {
  const slug = transliterate(text.replace(/&/g, ' and ').replace(/['’]/g, ''))
    .replace(new RegExp(`[^${SLUG_CHARS}]+`, 'gu'), '-')
    .replace(/^-+|-+$/g, '');
  return shorten(slug);
}

function shorten(slug: string): string {
  const fits = (s: string) => s.length <= MAX_LENGTH && encodeURIComponent(s).length <= MAX_ENCODED_LENGTH;
  if (fits(slug)) return slug;
  let cut = [...slug];
  while (!fits(cut.join(''))) cut = cut.slice(0, -1);
  const text = cut.join('');
  const lastHyphen = text.lastIndexOf('-');
  return (lastHyphen > text.length / 2 ? text.slice(0, lastHyphen) : text).replace(/-+$/, '');
}

/**
 * Candidate slugs for a film, most readable first: `title`, `title-year`, then `title-year-2`, `-3`, ….
 * The caller takes the first one that is free.
 */
export function* filmSlugCandidates(title: string, year: number | null): Generator<string> {
  const base = slugify(title) || 'film';
  yield base;
  const withYear = year ? `${base}-${year}` : base;
  if (withYear !== base) yield withYear;
  for (let n = 2; ; n++) yield `${withYear}-${n}`;
}
