import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { openInput } from './open-input.js';
import type { ReadResult } from './source-row.js';

export const CSV_COLUMNS = [
  'title',
  'original_title',
  'year',
  'synopsis',
  'origin',
  'language',
  'genres',
  'director',
  'cast',
  'source_id',
] as const;

/** List cells ("Drama|Thriller", "Song Kang-ho; Lee Sun-kyun") split on | or ;. */
const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(/[|;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Reads the generic CSV format: a header row naming the columns in CSV_COLUMNS (any order; only `title` is
 * required), one film per record. Records are streamed; positions are the line where the record starts.
 */
export async function* readCsv(file: string): AsyncGenerator<ReadResult> {
  const input = await openInput(file);
  const parser = pipeline(
    input,
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
      info: true,
      // The raw text tells how many lines a quoted record spans, so positions can name the line it starts on.
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true,
    }),
    () => {},
  );
  const skipped: ReadResult[] = [];
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ unreadable: { position: `line ${error.lines ?? '?'}`, reason: error.message } });
  });
  let headerChecked = false;
  for await (const record of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
    raw: string;
  }>) {
    while (skipped.length) yield skipped.shift()!;
    if (!headerChecked) {
      headerChecked = true;
      if (!('title' in record.record)) {
        throw new Error(`line 1: the header row has no "title" column (expected columns: ${CSV_COLUMNS.join(', ')})`);
      }
    }
    const r = record.record;
    const title = r.title ?? '';
    const year = r.year ? Number(r.year) : null;
    yield {
      row: {
        position: `line ${record.info.lines - (record.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0)}`,
        sourceId: r.source_id || (title ? `${r.year ?? ''}/${title}` : null),
        sourceUrl: null,
        title,
        originalTitle: r.original_title || null,
        year: r.year && !/^\d+$/.test(r.year) ? r.year : year,
        synopsis: r.synopsis ?? '',
        origin: r.origin || null,
        languages: list(r.language),
        genres: list(r.genres),
        directors: list(r.director),
        cast: list(r.cast),
      },
    };
  }
  while (skipped.length) yield skipped.shift()!;
}
