/** What the personal-history readers produce: one row per thing a member did at another service, before matching. */

export const HISTORY_KINDS = ['watched', 'rating', 'diary', 'review', 'like', 'watchlist', 'list-entry'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export type HistorySource = 'letterboxd' | 'imdb' | 'trakt' | 'reelhouse';

/** A list entry's place: which list, where in it, and the owner's note on the entry. */
export interface ListPlace {
  name: string;
  /** The list's own description (Letterboxd's metadata block); null when none. */
  description: string | null;
  /** 1-based, as the file numbers it; null for an unranked list that gives none. */
  position: number | null;
  note: string | null;
}

export interface HistoryRow {
  kind: HistoryKind;
  source: HistorySource;
  /** The file inside the archive ("diary.csv", "lists/best-of-2023.csv"), or the file's own name. */
  file: string;
  /** The line the record starts on (CSV), or the item's number in its array (JSON). */
  line: number;
  /** "line 12" or "item 12": how error messages name the place. */
  position: string;
  title: string;
  year: number | null;
  originalTitle: string | null;
  imdbId: string | null;
  tmdbId: number | null;
  /** The film's page at Letterboxd, kept so an export can give it back; never fetched. */
  letterboxdUri: string | null;
  /** The day it happened (YYYY-MM-DD): watched, rated, liked, added; for a diary entry the day it was watched. */
  date: string | null;
  /** Rating in half-stars, 1..10 (the site's own scale: 7 is 3½ stars); null when none. */
  rating: number | null;
  rewatch: boolean;
  tags: string[];
  review: string | null;
  /** Set for list entries only. */
  list: ListPlace | null;
}

/** A row left out on purpose (a TV series in an IMDb file) or that cannot be used (no title), with why. */
export interface SkippedRow {
  file: string;
  position: string;
  reason: string;
}

export type ReaderItem = { row: HistoryRow } | { skipped: SkippedRow } | { note: string };

/**
 * A file that cannot be imported at all (wrong columns, not UTF-8, a ZIP bomb): the message names the file and, when
 * there is one, the line. Raised before any event is handed out, so nothing is changed.
 */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

/** A row with every optional field empty, for readers to fill. */
export function blankRow(
  base: Pick<HistoryRow, 'kind' | 'source' | 'file' | 'line' | 'position' | 'title'>,
): HistoryRow {
  return {
    ...base,
    year: null,
    originalTitle: null,
    imdbId: null,
    tmdbId: null,
    letterboxdUri: null,
    date: null,
    rating: null,
    rewatch: false,
    tags: [],
    review: null,
    list: null,
  };
}

/** A calendar day from a date or a timestamp ("2024-03-01", "2024-03-01T20:15:00.000Z"); null when it is none. */
export function dayOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(raw.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : null;
}

/** A release year from text or a number; null when none or implausible. */
export function yearOf(raw: unknown): number | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= 1870 && year <= 2200 ? year : null;
}
