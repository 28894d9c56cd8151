/**
 * A film's ids at IMDb, TMDB and Wikidata: stored so a personal-history import (Letterboxd, IMDb, Trakt) can match
 * its rows to our films exactly, and shown as links in the film's JSON-LD only (no page loads anything from there).
 * Pure: the importer, the admin form and the API validate with the same rules.
 */

export interface ExternalIds {
  /** "tt0133093": tt and 7 or 8 digits (IMDb moved to 8 digits for new titles in 2019). */
  imdbId: string | null;
  /** A positive whole number (TMDB's movie id, e.g. 603). */
  tmdbId: number | null;
  /** "Q83495": Q and digits, no leading zero. */
  wikidataId: string | null;
}

export const NO_EXTERNAL_IDS: ExternalIds = { imdbId: null, tmdbId: null, wikidataId: null };

export type ExternalIdField = keyof ExternalIds;

export const EXTERNAL_ID_LABELS: Record<ExternalIdField, string> = {
  imdbId: 'IMDb id',
  tmdbId: 'TMDB id',
  wikidataId: 'Wikidata id',
};

/** PostgreSQL's integer; TMDB's ids are far below it, and a larger number is a typo. */
const MAX_TMDB_ID = 2_147_483_647;

/**
 * An IMDb title id from what a person or a file wrote: the id itself in any case, or an IMDb title URL holding it.
 * Undefined when it is none; null when empty.
 */
export function parseImdbId(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text) return null;
  const match = /^(?:https?:\/\/(?:www\.|m\.)?imdb\.com\/title\/)?(tt\d{7,8})\/?$/i.exec(text);
  return match ? match[1]!.toLowerCase() : undefined;
}

export function parseTmdbId(raw: unknown): number | null | undefined {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 && raw <= MAX_TMDB_ID ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text) return null;
  if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_TMDB_ID ? id : undefined;
}

export function parseWikidataId(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text) return null;
  const match = /^(?:https?:\/\/(?:www\.)?wikidata\.org\/wiki\/)?([qQ][1-9]\d{0,11})$/.exec(text);
  return match ? match[1]!.toUpperCase() : undefined;
}

const EXPECTED: Record<ExternalIdField, string> = {
  imdbId: 'tt followed by 7 or 8 digits, e.g. tt0133093',
  tmdbId: 'a positive whole number, e.g. 603',
  wikidataId: 'Q followed by digits, e.g. Q83495',
};

/**
 * The three ids from untrusted values, or the problems by field (each message names the field, quotes the value and
 * says what was expected).
 */
export function parseExternalIds(raw: {
  imdbId?: unknown;
  tmdbId?: unknown;
  wikidataId?: unknown;
}): { ids: ExternalIds; problems: null } | { ids: null; problems: Partial<Record<ExternalIdField, string>> } {
  const imdbId = parseImdbId(raw.imdbId);
  const tmdbId = parseTmdbId(raw.tmdbId);
  const wikidataId = parseWikidataId(raw.wikidataId);
  const problems: Partial<Record<ExternalIdField, string>> = {};
  const note = (field: ExternalIdField, value: unknown) => {
    problems[field] = `${EXTERNAL_ID_LABELS[field]} "${String(value).slice(0, 40)}" is not valid: ${EXPECTED[field]}`;
  };
  if (imdbId === undefined) note('imdbId', raw.imdbId);
  if (tmdbId === undefined) note('tmdbId', raw.tmdbId);
  if (wikidataId === undefined) note('wikidataId', raw.wikidataId);
  if (imdbId === undefined || tmdbId === undefined || wikidataId === undefined) return { ids: null, problems };
  return { ids: { imdbId, tmdbId, wikidataId }, problems: null };
}

export const hasExternalIds = (ids: Partial<ExternalIds>): boolean =>
  Boolean(ids.imdbId || ids.tmdbId || ids.wikidataId);

/** The pages these ids name, for JSON-LD `sameAs`: links for machines, never fetched. */
export function externalIdUrls(ids: Partial<ExternalIds>): string[] {
  return [
    ...(ids.imdbId ? [`https://www.imdb.com/title/${ids.imdbId}/`] : []),
    ...(ids.tmdbId ? [`https://www.themoviedb.org/movie/${ids.tmdbId}`] : []),
    ...(ids.wikidataId ? [`https://www.wikidata.org/wiki/${ids.wikidataId}`] : []),
  ];
}
