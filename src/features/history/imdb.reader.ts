import type { Readable } from 'node:stream';
import { parseImdbId } from '../catalog/index.js';
import { csvLines, csvTable } from './csv-table.js';
import { blankRow, dayOf, type ReaderItem, yearOf } from './history-row.js';
import type { HistoryLimits } from './safe-zip.js';

/**
 * IMDb's CSV exports (Your Ratings → Export, and a list's or the watchlist's Export):
 *   ratings   Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,
 *             Num Votes,Release Date,Directors          (files exported before 2024 have no Original Title)
 *   lists     Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,… (the same film columns)
 * A file with a Position column is a list (the watchlist when named so); otherwise it is the ratings.
 *
 * IMDb rates 1–10 stars; the site keeps half-stars 1–10 (features/ratings/rating.ts). IMDb's n is taken as n
 * half-stars, n/2 stars: 10 → 5 stars, 7 → 3½, 1 → ½. Both scales have ten steps, so nothing is rounded and an
 * IMDb 7 exported again from here is 7.
 */

/** IMDb's title types that are films (as the exports spell them; older files use the camel-case ids). */
const FILM_TYPES = new Set(['movie', 'tv movie', 'tvmovie', 'short', 'tvshort', 'tv short', 'video']);

/** Whether a CSV header is IMDb's: it names the IMDb id column "Const". */
export const isImdbHeader = (fields: string[]) => fields.some((f) => f.trim().toLowerCase() === 'const');

export async function* readImdbCsv(input: Readable, file: string, limits: HistoryLimits): AsyncGenerator<ReaderItem> {
  const lines = csvLines(input, file, limits.maxRecordBytes);
  let header: { line: number; fields: string[] } | undefined;
  // next(), not for…of: breaking out of a for…of would close the generator the rows come from.
  for (let read = await lines.next(); !read.done; read = await lines.next()) {
    if ('error' in read.value) continue;
    header = read.value;
    break;
  }
  const isList = header?.fields.some((f) => f.trim().toLowerCase() === 'position') ?? false;
  const required = isList
    ? ['Position', 'Const', 'Title', 'Title Type', 'Year']
    : ['Const', 'Your Rating', 'Date Rated', 'Title', 'Title Type', 'Year'];
  const base = file.replace(/^.*\//, '').replace(/\.csv$/i, '');
  const isWatchlist = isList && /watchlist/i.test(base);
  for await (const record of csvTable(lines, file, required, header)) {
    const position = `line ${record.line}`;
    if ('error' in record) {
      yield { skipped: { file, position, reason: record.error } };
      continue;
    }
    const type = record.get('Title Type');
    if (!FILM_TYPES.has(type.toLowerCase())) {
      yield { skipped: { file, position, reason: `not a film (title type ${type || 'missing'})` } };
      continue;
    }
    const title = record.get('Title');
    const imdbId = parseImdbId(record.get('Const'));
    if (!title || !imdbId) {
      yield { skipped: { file, position, reason: title ? `"${record.get('Const')}" is not an IMDb id` : 'no title' } };
      continue;
    }
    const kind = isList ? (isWatchlist ? 'watchlist' : 'list-entry') : 'rating';
    const row = blankRow({ kind, source: 'imdb', file, line: record.line, position, title });
    row.imdbId = imdbId;
    row.year = yearOf(record.get('Year'));
    row.originalTitle = record.get('Original Title') || null;
    if (kind === 'rating') {
      const raw = record.get('Your Rating');
      if (!/^(10|[1-9])$/.test(raw)) {
        yield { skipped: { file, position, reason: `rating "${raw}" is not a whole number from 1 to 10` } };
        continue;
      }
      row.rating = Number(raw);
      row.date = dayOf(record.get('Date Rated'));
    } else {
      row.date = dayOf(record.get('Created'));
      if (kind === 'list-entry') {
        const place = record.get('Position');
        row.list = {
          name: base,
          description: null,
          position: /^\d{1,7}$/.test(place) ? Number(place) : null,
          note: record.get('Description') || null,
        };
      }
    }
    yield { row };
  }
}
