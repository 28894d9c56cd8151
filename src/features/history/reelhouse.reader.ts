import { pipeline, type Readable } from 'node:stream';
import streamJson from 'stream-json';
import Pick from 'stream-json/filters/Pick.js';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import {
  blankRow,
  dayOf,
  HISTORY_KINDS,
  HistoryFileError,
  type HistoryKind,
  type ReaderItem,
  yearOf,
} from './history-row.js';

/** Our own export's JSON (history-export.ts writes it): `{ format, version, exportedAt, events: [...] }`. */
export const REELHOUSE_FILE = 'reelhouse-history.json';
export const REELHOUSE_FORMAT = 'reelhouse-history';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

export async function* readReelhouseJson(input: Readable, file: string): AsyncGenerator<ReaderItem> {
  const items = pipeline(
    input,
    streamJson.parser(),
    Pick.pick({ filter: 'events' }),
    StreamArray.streamArray(),
    () => {},
  );
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: Record<string, unknown> }>) {
      const position = `item ${key + 1}`;
      const kind = value.kind as HistoryKind;
      const title = text(value.title);
      if (!HISTORY_KINDS.includes(kind) || !title) {
        yield { skipped: { file, position, reason: 'not an event of this format' } };
        continue;
      }
      const row = blankRow({ kind, source: 'reelhouse', file, line: key + 1, position, title });
      row.year = yearOf(value.year);
      row.originalTitle = text(value.originalTitle);
      row.imdbId = text(value.imdbId);
      row.tmdbId = typeof value.tmdbId === 'number' ? value.tmdbId : null;
      row.letterboxdUri = text(value.letterboxdUri);
      row.date = dayOf(value.date);
      row.rating = typeof value.rating === 'number' && value.rating >= 1 && value.rating <= 10 ? value.rating : null;
      row.rewatch = value.rewatch === true;
      row.tags = Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : [];
      row.review = text(value.review);
      const list = value.list as Record<string, unknown> | null | undefined;
      if (list && typeof list === 'object' && text(list.name))
        row.list = {
          name: text(list.name)!,
          description: text(list.description),
          position: typeof list.position === 'number' ? list.position : null,
          note: text(list.note),
        };
      yield { row };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new HistoryFileError(`${file}: not a ${REELHOUSE_FORMAT} file (${message})`);
  }
}
