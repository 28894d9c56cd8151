import { pipeline } from 'node:stream';
import streamJson from 'stream-json';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { directorsFromSynopsis } from './directors.js';
import { openInput } from './open-input.js';
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

/**
 * Reads the wikipedia-movie-data format: one JSON array of films (title, year, cast, genres, href, extract), plain
 * or gzipped, streamed element by element so memory stays flat whatever the file size.
 */
export async function* readWikipediaJson(file: string): AsyncGenerator<ReadResult> {
  const input = await openInput(file);
  // pipeline() (unlike pipe) passes a gzip or JSON syntax error on to the loop below.
  const items = pipeline(input, streamJson.parser(), StreamArray.streamArray(), () => {});
  for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
    const position = `item ${item.key + 1}`;
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
