/**
 * The generated poster of a film without an uploaded one: which layout, typefaces, palette and motif it gets, decided
 * from its genre, decade and title alone (deterministic: the same film looks the same on every page and every
 * render). The output is class names, never inline styles, because the Content-Security-Policy forbids those; the
 * classes are defined in assets/site.css under "Generated posters".
 */

/** Genre families: each has its own typeface pairing, palettes and motifs (docs/design.md, "Generated posters"). */
type Family = 'drama' | 'comedy' | 'western' | 'romance' | 'action' | 'horror' | 'noir' | 'scifi' | 'animated' | 'doc';

const FAMILY_OF: Record<string, Family> = {
  drama: 'drama',
  biography: 'drama',
  historical: 'drama',
  independent: 'drama',
  legal: 'drama',
  political: 'drama',
  silent: 'drama',
  comedy: 'comedy',
  family: 'comedy',
  teen: 'comedy',
  satire: 'comedy',
  sports: 'comedy',
  sport: 'comedy',
  western: 'western',
  romance: 'romance',
  musical: 'romance',
  dance: 'romance',
  erotic: 'romance',
  performance: 'romance',
  action: 'action',
  adventure: 'action',
  superhero: 'action',
  'martial arts': 'action',
  war: 'action',
  disaster: 'action',
  spy: 'action',
  horror: 'horror',
  slasher: 'horror',
  supernatural: 'horror',
  'found footage': 'horror',
  thriller: 'noir',
  crime: 'noir',
  noir: 'noir',
  mystery: 'noir',
  suspense: 'noir',
  'science fiction': 'scifi',
  fantasy: 'scifi',
  animated: 'animated',
  animation: 'animated',
  short: 'animated',
  'live action': 'animated',
  documentary: 'doc',
};

interface FamilyStyle {
  /** Typeface of the big letter; the small print uses the family's partner face (see site.css). */
  faces: readonly string[];
  /** Indexes into the 16 palettes `pp-0` … `pp-15`. */
  palettes: readonly number[];
  motifs: readonly string[];
}

const STYLES: Record<Family, FamilyStyle> = {
  drama: { faces: ['serif', 'serif', 'sans'], palettes: [0, 1, 2, 14], motifs: ['horizon', 'frame', 'sun'] },
  comedy: { faces: ['sans', 'condensed'], palettes: [3, 4, 5, 15], motifs: ['dots', 'sun', 'stripes'] },
  western: { faces: ['condensed', 'serif'], palettes: [6, 4, 1], motifs: ['sun', 'horizon', 'rays'] },
  romance: { faces: ['serif'], palettes: [7, 8, 2], motifs: ['rings', 'sun', 'dots'] },
  action: { faces: ['condensed', 'sans'], palettes: [9, 6, 10], motifs: ['stripes', 'rays', 'split'] },
  horror: { faces: ['condensed', 'serif'], palettes: [11, 9, 12], motifs: ['rings', 'split', 'horizon'] },
  noir: { faces: ['mono', 'condensed'], palettes: [12, 13, 10], motifs: ['stripes', 'split', 'frame'] },
  scifi: { faces: ['mono', 'sans'], palettes: [13, 14, 8], motifs: ['rings', 'dots', 'horizon'] },
  animated: { faces: ['sans'], palettes: [5, 3, 15, 7], motifs: ['dots', 'sun', 'rays'] },
  doc: { faces: ['mono', 'sans'], palettes: [15, 0, 2], motifs: ['frame', 'horizon', 'stripes'] },
};

const LAYOUTS = ['corner', 'centre', 'band', 'stack'] as const;

/** FNV-1a: small, stable across runs and platforms, and spreads short strings well. */
export function titleHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** The era a year belongs to: early films look printed on old stock, the 80s glow, today is flat. */
export function eraOf(year: number | null): 'silent' | 'classic' | 'modern' | 'neon' | 'now' {
  if (year === null) return 'now';
  if (year < 1930) return 'silent';
  if (year < 1960) return 'classic';
  if (year < 1980) return 'modern';
  if (year < 2000) return 'neon';
  return 'now';
}

const LEADING_ARTICLE = /^(the|a|an|la|le|les|el|il|der|die|das)\s+/i;

/** The letter a poster is built around: the title's first letter or digit after a leading article. */
export function posterInitial(title: string): string {
  const core = title.trim().replace(LEADING_ARTICLE, '');
  const match = /[\p{L}\p{N}]/u.exec(core) ?? /[\p{L}\p{N}]/u.exec(title);
  return match ? match[0].toLocaleUpperCase('und') : '·';
}

export interface PosterArt {
  /** Class names for the poster element. */
  classes: string;
  initial: string;
  /** The genre word printed small on the poster (the first genre), or null. */
  label: string | null;
}

export function posterArt(film: { title: string; year: number | null; genre?: string | null }): PosterArt {
  const genre = film.genre?.trim() || null;
  const family = FAMILY_OF[genre?.toLowerCase() ?? ''] ?? 'drama';
  const style = STYLES[family];
  const h = titleHash(film.title);
  const classes = [
    `poster--${pick(LAYOUTS, h)}`,
    `pp-${pick(style.palettes, h >>> 3)}`,
    `pf-${pick(style.faces, h >>> 7)}`,
    `pm-${pick(style.motifs, h >>> 11)}`,
    `pe-${eraOf(film.year)}`,
  ].join(' ');
  return { classes, initial: posterInitial(film.title), label: genre };
}

/** Up to two initials for a person's portrait: first and last name ("Agnès Varda" → "AV"). */
export function personInitials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '·';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toLocaleUpperCase('und');
}

/** A portrait's palette and face, from the name. */
export function portraitClasses(name: string): string {
  const h = titleHash(name);
  return `pp-${h % 16} pf-${pick(['serif', 'sans', 'condensed', 'mono'], h >>> 5)}`;
}
