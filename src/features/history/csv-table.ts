import type { Readable } from 'node:stream';
import { csvRecords } from '../importers/index.js';
import { HistoryFileError } from './history-row.js';

export type CsvLine = { line: number; fields: string[] } | { line: number; error: string };

/**
 * The CSV records of one file (the importers' reader: quoted fields across lines, a BOM dropped). Text that is not
 * UTF-8 stops the whole file with its name and line: the export was saved in another encoding, and every row would be
 * read wrong, not just that one.
 */
export async function* csvLines(input: Readable, file: string, maxRecordBytes: number): AsyncGenerator<CsvLine> {
  for await (const record of csvRecords(input, maxRecordBytes)) {
    if ('error' in record && record.error.includes('not valid UTF-8')) {
      throw new HistoryFileError(`${file}, line ${record.line}: ${record.error}; save the file as UTF-8 and try again`);
    }
    yield record;
  }
}

export interface CsvTableRow {
  line: number;
  get(column: string): string;
}

/** The header's column names as written, the first one matched to each required one (case and spaces ignored). */
const normal = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Binds records to a header row: the first record, or (`header` given) the one already read. Missing required
 * columns stop the file, naming what was expected and what was found.
 */
export async function* csvTable(
  lines: AsyncIterable<CsvLine>,
  file: string,
  required: readonly string[],
  header?: { line: number; fields: string[] },
): AsyncGenerator<CsvTableRow | { line: number; error: string }> {
  let columns: Map<string, number> | null = header ? bind(header, file, required) : null;
  for await (const record of lines) {
    if (!columns) {
      if ('error' in record)
        throw new HistoryFileError(`${file}, line ${record.line}: the header row cannot be read: ${record.error}`);
      columns = bind(record, file, required);
      continue;
    }
    if ('error' in record) {
      yield record;
      continue;
    }
    const index = columns;
    const { fields } = record;
    yield { line: record.line, get: (column: string) => fields[index.get(normal(column)) ?? -1]?.trim() ?? '' };
  }
  if (!columns) throw new HistoryFileError(`${file}: the file is empty (expected columns ${required.join(', ')})`);
}

function bind(record: { line: number; fields: string[] }, file: string, required: readonly string[]) {
  const index = new Map<string, number>();
  record.fields.forEach((name, i) => {
    if (!index.has(normal(name))) index.set(normal(name), i);
  });
  const missing = required.filter((c) => !index.has(normal(c)));
  if (missing.length)
    throw new HistoryFileError(
      `${file}, line ${record.line}: wrong columns: expected ${required.join(', ')}; missing ${missing.join(', ')} ` +
        `(found ${record.fields.slice(0, 12).join(', ') || 'nothing'})`,
    );
  return index;
}
