import { pipeline, type Readable, Transform } from 'node:stream';
import streamJson from 'stream-json';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { parseImdbId, parseTmdbId } from '../catalog/index.js';
import { firstInvalidUtf8 } from '../importers/index.js';
import { blankRow, dayOf, HistoryFileError, type HistoryKind, type ReaderItem, yearOf } from './history-row.js';

/**
 * Trakt's account export (Settings → Data → Export), a ZIP of JSON arrays, each holding what the matching API call
 * returns (https://trakt.docs.apiary.io/, Sync: "Get watched", "Get ratings", "Get watchlist"):
 *   watched-movies.json   [{ plays, last_watched_at, last_updated_at, movie: { title, year, ids: { trakt, slug, imdb, tmdb } } }]
 *   ratings-movies.json   [{ rated_at, rating (1–10), type: "movie", movie: { … } }]
 *   lists-watchlist.json  [{ rank, id, listed_at, notes, type: "movie" | "show" | …, movie: { … } }]
 * Two layouts: today's files at the root of the ZIP; older exports nested under the user's name, as
 * <user>/watched/watched-movies.json, <user>/ratings/ratings-movies.json and <user>/lists/watchlist.json.
 * Ratings are 1–10 like IMDb's, taken as half-stars the same way (imdb.reader.ts).
 */

const FILES: Array<{ pattern: RegExp; kind: HistoryKind }> = [
  { pattern: /(^|\/)(watched\/)?watched-movies(-\d+)?\.json$/i, kind: 'watched' },
  { pattern: /(^|\/)(ratings\/)?ratings-movies\.json$/i, kind: 'rating' },
  { pattern: /(^|\/)(lists-watchlist|lists\/watchlist)\.json$/i, kind: 'watchlist' },
];

/** The kind of a Trakt export file, or null for the ones this import leaves (shows, episodes, comments, …). */
export const traktKindOf = (name: string): HistoryKind | null => FILES.find((f) => f.pattern.test(name))?.kind ?? null;

interface TraktMovie {
  title?: unknown;
  year?: unknown;
  ids?: { imdb?: unknown; tmdb?: unknown };
}

interface TraktItem {
  type?: unknown;
  movie?: TraktMovie;
  last_watched_at?: unknown;
  rated_at?: unknown;
  rating?: unknown;
  listed_at?: unknown;
  notes?: unknown;
}

/** Passes bytes on, failing with the file and line at the first byte that is not UTF-8 (JSON must be UTF-8). */
function utf8Guard(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 1;
  // The end of the previous chunk from its last lead byte: a character cut in two is found whole on failure.
  let carry: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        const bytes = Buffer.concat([carry, chunk]);
        const bad = Math.max(firstInvalidUtf8(bytes), carry.length);
        for (let i = carry.length; i < bad; i++) if (bytes[i] === 0x0a) lines++;
        done(new HistoryFileError(`${file}, line ${lines}: the text is not UTF-8; export the file again`));
        return;
      }
      for (const byte of chunk) if (byte === 0x0a) lines++;
      let lead = chunk.length;
      for (let k = 1; k <= 3 && k <= chunk.length; k++) {
        if (chunk[chunk.length - k]! >= 0xc0) {
          lead = chunk.length - k;
          break;
        }
      }
      carry = chunk.subarray(lead);
      done(null, chunk);
    },
  });
}

export async function* readTraktJson(input: Readable, file: string): AsyncGenerator<ReaderItem> {
  const kind = traktKindOf(file);
  if (!kind) throw new HistoryFileError(`${file}: not a Trakt export file this import reads`);
  const items = pipeline(input, utf8Guard(file), streamJson.parser(), StreamArray.streamArray(), () => {});
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      yield itemRow(value as TraktItem, kind, file, key + 1);
    }
  } catch (error) {
    if (error instanceof HistoryFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new HistoryFileError(`${file}: not a JSON array of Trakt items (${message})`);
  }
}

function itemRow(item: TraktItem, kind: HistoryKind, file: string, index: number): ReaderItem {
  const position = `item ${index}`;
  if (typeof item !== 'object' || item === null) return { skipped: { file, position, reason: 'not an object' } };
  if (item.type !== undefined && item.type !== 'movie')
    return { skipped: { file, position, reason: `not a film (type ${String(item.type)})` } };
  const movie = item.movie;
  const title = typeof movie?.title === 'string' ? movie.title.trim() : '';
  if (!movie || !title) return { skipped: { file, position, reason: 'no movie title' } };
  const row = blankRow({ kind, source: 'trakt', file, line: index, position, title });
  row.year = yearOf(movie.year);
  row.imdbId = parseImdbId(movie.ids?.imdb) ?? null;
  row.tmdbId = parseTmdbId(movie.ids?.tmdb) ?? null;
  if (kind === 'watched') row.date = dayOf(item.last_watched_at);
  if (kind === 'watchlist') {
    row.date = dayOf(item.listed_at);
  }
  if (kind === 'rating') {
    if (typeof item.rating !== 'number' || !Number.isInteger(item.rating) || item.rating < 1 || item.rating > 10)
      return {
        skipped: { file, position, reason: `rating ${String(item.rating)} is not a whole number from 1 to 10` },
      };
    row.rating = item.rating;
    row.date = dayOf(item.rated_at);
  }
  return { row };
}
