import { createHash } from 'node:crypto';

/** Hex only, so the ledger can be searched by this prefix with LIKE. */
const listPrefix = (name: string) => `list:${createHash('sha256').update(name).digest('hex').slice(0, 24)}:`;

/**
 * The ledger key of one imported row (decision 036): what it did, to which film, on which day. The same history
 * arriving again — the same file, a newer export of it, or our own export of what was imported — has the same keys,
 * so it changes nothing; a changed rating or review has a new key, so it applies.
 */
export const itemKey = {
  /** A viewing: the n-th of that film on that day in the file (two viewings on one day stay two). */
  viewing: (filmId: number, day: string, occurrence: number) => `viewing:${filmId}:${day}:${occurrence}`,
  rating: (filmId: number, day: string | null, score: number) => `rating:${filmId}:${day ?? '-'}:${score}`,
  like: (filmId: number) => `like:${filmId}`,
  watchlist: (filmId: number) => `watchlist:${filmId}`,
  /** The list a file's list of this name became (the name hashed, so the key stays short whatever the name). */
  list: (name: string, listId: number) => `${listPrefix(name)}${listId}`,
  listPrefix,
  listEntry: (listId: number, filmId: number) => `list-entry:${listId}:${filmId}`,
  review: (filmId: number, body: string) =>
    `review:${filmId}:${createHash('sha256').update(body).digest('base64url').slice(0, 22)}`,
};

/** Counts viewings per film and day as the file lists them, for `itemKey.viewing`. */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();
  next(filmId: number, day: string): number {
    const key = `${filmId}:${day}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n;
  }
}
