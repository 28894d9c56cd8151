// The URL scheme of uploaded posters (content-named WebP files in several widths): shared by the views that show
// them and the posters feature that writes them, so it lives in lib/, below both.
/**
 * How a poster is named. Pure, so views can turn a key into URLs without knowing where files live.
 *
 * A key is `<film id>/<content hash>-<largest width>`, e.g. `17/3f9a1c0b7e2d4a61-800`: the file of each width is
 * `/posters/17/3f9a1c0b7e2d4a61-<width>.webp`. The hash is of the uploaded bytes, so a new upload gets new URLs and
 * every URL can be cached forever.
 */

/** Widths made for every poster (up to the upload's own width: images are never enlarged). */
export const POSTER_WIDTHS = [200, 400, 800] as const;
export const MIN_POSTER_WIDTH = POSTER_WIDTHS[0];

const KEY = /^(\d{1,12})\/([0-9a-f]{16})-(\d{3,4})$/;
export const POSTER_FILE = /^([0-9a-f]{16})-(\d{3,4})\.webp$/;

export interface PosterKeyParts {
  filmId: number;
  hash: string;
  /** The largest width made: 800, or the upload's width when it was narrower. */
  maxWidth: number;
}

/** The widths that exist for a poster whose largest copy is `maxWidth` wide. */
export function posterWidths(maxWidth: number): number[] {
  const widths: number[] = POSTER_WIDTHS.filter((w) => w < maxWidth);
  widths.push(Math.min(maxWidth, POSTER_WIDTHS[POSTER_WIDTHS.length - 1]!));
  return widths;
}

export function formatPosterKey(parts: PosterKeyParts): string {
  return `${parts.filmId}/${parts.hash}-${parts.maxWidth}`;
}

export function parsePosterKey(key: string): PosterKeyParts | null {
  const match = KEY.exec(key);
  if (!match) return null;
  return { filmId: Number(match[1]), hash: match[2]!, maxWidth: Number(match[3]) };
}

export const posterUrl = (filmId: number, hash: string, width: number) => `/posters/${filmId}/${hash}-${width}.webp`;

/** `src` (a middle width, for browsers without srcset) and `srcset` for an <img>, or null for an unusable key. */
export function posterSources(key: string): { src: string; srcset: string } | null {
  const parts = parsePosterKey(key);
  if (!parts) return null;
  const widths = posterWidths(parts.maxWidth);
  const url = (w: number) => posterUrl(parts.filmId, parts.hash, w);
  return {
    src: url(widths[Math.min(1, widths.length - 1)]!),
    srcset: widths.map((w) => `${url(w)} ${w}w`).join(', '),
  };
}

/** The largest copy of a poster, e.g. for schema.org `image`; null for an unusable key. */
export function largestPosterUrl(key: string): string | null {
  const parts = parsePosterKey(key);
  return parts ? posterUrl(parts.filmId, parts.hash, posterWidths(parts.maxWidth).at(-1)!) : null;
}
