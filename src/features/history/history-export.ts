import type { HistoryKind, ListPlace } from './history-row.js';
import { REELHOUSE_FILE, REELHOUSE_FORMAT } from './reelhouse.reader.js';
import { writeZip } from './zip-writer.js';

/** One thing a member did here, as the member side hands it to the export (plain data, no database). */
export interface ExportedEvent {
  kind: HistoryKind;
  title: string;
  year: number | null;
  originalTitle?: string | null;
  directors?: string[];
  imdbId?: string | null;
  tmdbId?: number | null;
  letterboxdUri?: string | null;
  /** YYYY-MM-DD: the day watched (diary), rated, liked or added. */
  date: string | null;
  /** Half-stars 1–10. */
  rating: number | null;
  rewatch?: boolean;
  tags?: string[];
  review?: string | null;
  list?: ListPlace | null;
}

const LETTERBOXD_COLUMNS = ['Title', 'Year', 'Directors', 'Rating', 'WatchedDate', 'Rewatch', 'Tags', 'Review'];

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;

/**
 * Diary entries, reviews, ratings and watched films as rows of Letterboxd's import format (letterboxd.com/import:
 * Title, Year, Directors, Rating 0.5–5, WatchedDate YYYY-MM-DD, Rewatch, Tags, Review), plus imdbID and tmdbID, which
 * that importer also reads and which make its match exact.
 */
export function letterboxdCsv(events: ExportedEvent[]): string {
  const rows = events
    .filter((e) => e.kind === 'diary' || e.kind === 'review' || e.kind === 'rating' || e.kind === 'watched')
    .map((e) => [
      e.title,
      e.year === null ? '' : String(e.year),
      (e.directors ?? []).join(', '),
      e.rating === null ? '' : String(e.rating / 2),
      e.kind === 'rating' ? '' : (e.date ?? ''),
      e.rewatch ? 'true' : '',
      (e.tags ?? []).join(', '),
      e.review ?? '',
      e.imdbId ?? '',
      e.tmdbId ? String(e.tmdbId) : '',
    ]);
  return csv([[...LETTERBOXD_COLUMNS, 'imdbID', 'tmdbID'], ...rows]);
}

/** The watchlist in the same format (Letterboxd's watchlist import reads Title and Year). */
const watchlistCsv = (events: ExportedEvent[]) =>
  letterboxdCsv(
    events.filter((e) => e.kind === 'watchlist').map((e) => ({ ...e, kind: 'watched' as const, date: null })),
  );

/**
 * The member's history as a ZIP: `reelhouse-history.json` (everything, read back by this feature's import, so an
 * export imported into another account loses nothing) and Letterboxd-import CSVs for taking it there.
 */
export function writeHistoryExport(
  events: ExportedEvent[],
  meta: { site: string; member: string; exportedAt: Date },
): Buffer {
  const json = JSON.stringify(
    {
      format: REELHOUSE_FORMAT,
      version: 1,
      site: meta.site,
      member: meta.member,
      exportedAt: meta.exportedAt.toISOString(),
      events,
    },
    null,
    1,
  );
  return writeZip(
    [
      { name: REELHOUSE_FILE, data: json },
      { name: 'letterboxd/diary.csv', data: letterboxdCsv(events) },
      { name: 'letterboxd/watchlist.csv', data: watchlistCsv(events) },
    ],
    meta.exportedAt,
  );
}
