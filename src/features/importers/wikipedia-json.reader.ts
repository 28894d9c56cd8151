import { pipeline, Transform } from 'node:stream';
import streamJson from 'stream-json';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { directorsFromSynopsis } from './directors.js';
import { formatBytes, type ImportLimits, openInput } from './open-input.js';
import type { ReadResult } from './source-row.js';

interface WikipediaFilm {
  title?: unknown;
  year?: unknown;
  cast?: unknown;
  genres?: unknown;
  href?: unknown;
  extract?: unknown;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()) : [];

/** Scraped cast lists hold stray fragments such as ")" or "(voice)"; a name has at least two letters. */
const isName = (s: string) => (s.match(/\p{L}/gu)?.length ?? 0) >= 2 && !/^\(.*\)$/.test(s);

interface Token {
  name: string;
  value?: unknown;
}

const PACKED: Record<string, string> = { endString: 'stringValue', endKey: 'keyValue', endNumber: 'numberValue' };

/**
 * Between stream-json's parser (run with packValues off, so it never holds a whole string itself) and StreamArray:
 * packs strings, keys and numbers as the parser would have, while counting what each element of the top-level array
 * holds. An element past `maxBytes` is read past without being kept and handed on as null, its index added to
 * `tooLong`, so one overgrown film is rejected by its position and the films after it still import.
 */
function elementLimit(maxBytes: number, tooLong: Set<number>): Transform {
  let depth = 0;
  let item = 0;
  let size = 0;
  let dropping = false;
  let packing: string[] = [];
  // An element's tokens wait until it ends, when it is known whether it stayed under the limit; at most maxBytes.
  let held: Token[] = [];
  return new Transform({
    objectMode: true,
    transform(token: Token, _encoding, done) {
      const inElement = depth >= 1;
      if (inElement && !dropping) {
        size += token.name === 'stringChunk' || token.name === 'numberChunk' ? String(token.value).length : 1;
        if (size > maxBytes) {
          dropping = true;
          tooLong.add(item);
          packing = [];
          held = [];
        }
      }
      const emit = (t: Token) => {
        if (!inElement) this.push(t);
        else if (!dropping) held.push(t);
      };
      const endOfElement = () => {
        if (dropping) this.push({ name: 'nullValue', value: null });
        else for (const t of held) this.push(t);
        held = [];
        item++;
        size = 0;
        dropping = false;
      };
      switch (token.name) {
        case 'startString':
        case 'startKey':
        case 'startNumber':
          packing = [];
          break;
        case 'stringChunk':
        case 'numberChunk':
          if (!dropping) packing.push(String(token.value));
          break;
        case 'endString':
        case 'endKey':
        case 'endNumber': {
          const value = packing.join('');
          packing = [];
          emit({ name: PACKED[token.name]!, value });
          if (depth === 1 && token.name !== 'endKey') endOfElement();
          break;
        }
        case 'startObject':
        case 'startArray':
          emit(token);
          depth++;
          break;
        case 'endObject':
        case 'endArray':
          depth--;
          if (depth === 0) {
            this.push(token);
            break;
          }
          emit(token);
          if (depth === 1) endOfElement();
          break;
        default:
          // null, true, false
          emit(token);
          if (depth === 1) endOfElement();
      }
      done();
    },
  });
}

/**
 * Reads the wikipedia-movie-data format: one JSON array of films (title, year, cast, genres, href, extract), plain
 * or gzipped, streamed element by element so memory stays flat whatever the file size.
 */
export async function* readWikipediaJson(file: string, limits: ImportLimits): AsyncGenerator<ReadResult> {
  const input = await openInput(file, limits.maxBytes);
  const tooLong = new Set<number>();
  // pipeline() (unlike pipe) passes a gzip, limit or JSON syntax error on to the loop below.
  const items = pipeline(
    input,
    streamJson.parser({ packValues: false }),
    elementLimit(limits.maxRecordBytes, tooLong),
    StreamArray.streamArray(),
    () => {},
  );
  for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
    const position = `item ${item.key + 1}`;
    if (tooLong.delete(item.key)) {
      const limit = `${formatBytes(limits.maxRecordBytes)} (IMPORT_MAX_RECORD_BYTES)`;
      yield { unreadable: { position, reason: `the film is longer than ${limit}` } };
      continue;
    }
    const value = item.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { unreadable: { position, reason: 'expected a JSON object for a film' } };
      continue;
    }
    const film = value as WikipediaFilm;
    const synopsis = typeof film.extract === 'string' ? film.extract.trim() : '';
    const href = typeof film.href === 'string' && film.href.trim() ? film.href.trim() : null;
    // The source lists films per year. Two different films can share a title in one year (two 1915 "Carmen"s), told
    // apart by their articles; the same title, year and article twice is the same film listed twice (decision 009).
    const sourceId =
      typeof film.title === 'string' ? `${String(film.year)}/${film.title.trim()}${href ? `#${href}` : ''}` : null;
    yield {
      row: {
        position,
        sourceId,
        sourceUrl: href ? `https://en.wikipedia.org/wiki/${href}` : null,
        title: film.title,
        // The format has no original title; one is never made up from the title or the language.
        originalTitle: null,
        year: film.year,
        synopsis,
        origin: null,
        languages: [],
        genres: strings(film.genres),
        directors: directorsFromSynopsis(synopsis),
        cast: strings(film.cast).filter(isName),
      },
    };
  }
}
