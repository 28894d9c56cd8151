import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { formatBytes, type ImportLimits, openInput } from './open-input.js';
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
  'imdb_id',
  'tmdb_id',
  'wikidata_id',
] as const;

/** List cells ("Drama|Thriller", "Song Kang-ho; Lee Sun-kyun") split on | or ;. */
const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(/[|;]/)
    .map((s) => s.trim())
    .filter(Boolean);

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One line of the file as it lies on disk, numbered from 1. */
interface PhysicalLine {
  number: number;
  /** Null when the line alone is longer than a record may be: its bytes were never kept. */
  text: string | null;
  bytes: number;
  quotes: number;
  /** Where the first byte that is not UTF-8 is (0-based), or null when the line is valid UTF-8. */
  badByte: number | null;
}

/** Index of the first byte of `bytes` that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function toLine(number: number, raw: Buffer | null): PhysicalLine {
  if (raw === null) return { number, text: null, bytes: 0, quotes: 0, badByte: null };
  let bytes = raw;
  if (number === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
  let quotes = 0;
  for (let at = bytes.indexOf(QUOTE); at !== -1; at = bytes.indexOf(QUOTE, at + 1)) quotes++;
  let text: string;
  let badByte: number | null = null;
  try {
    text = utf8.decode(bytes);
  } catch {
    badByte = firstInvalidUtf8(bytes);
    text = '';
  }
  return { number, text, bytes: bytes.length, quotes, badByte };
}

/**
 * The file's physical lines. A line longer than `maxBytes` is read past without being kept (one chunk at a time), so
 * a file without line breaks costs no more memory than a normal one.
 */
async function* physicalLines(input: Readable, maxBytes: number): AsyncGenerator<PhysicalLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let number = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!tooLong) {
        if (length + (end - start) > maxBytes) {
          tooLong = true;
          parts = [];
          length = 0;
        } else {
          parts.push(chunk.subarray(start, end));
          length += end - start;
        }
      }
      if (newline === -1) break;
      yield toLine(++number, tooLong ? null : Buffer.concat(parts, length));
      parts = [];
      length = 0;
      tooLong = false;
      start = newline + 1;
    }
  }
  if (length > 0 || tooLong) yield toLine(++number, tooLong ? null : Buffer.concat(parts, length));
}

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * One well-formed record split into its fields as csv-parse reads them (fields trimmed, `""` inside quotes is a
 * quote), or null when it is not well-formed, for csv-parse to name the fault. csv-parse's parser costs ~0.2 ms to
 * set up, once per record here (measured: 50,000 records 11.6 s through it, a fraction of a second through this).
 */
export function splitRecord(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (isBlank(text[i])) i++;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return null;
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      while (isBlank(text[i])) i++;
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return null;
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const raw = text.slice(i, comma === -1 ? text.length : comma);
      if (raw.includes('"')) return null;
      fields.push(raw.trim());
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

/** csv-parse counts lines from the record's own start; the file's line is what a person can look up. */
const withFileLines = (message: string, firstLine: number) =>
  message.replace(/\bline (\d+)/g, (_, n: string) => `line ${firstLine + Number(n) - 1}`);

/**
 * The file's records, each with the physical line it starts on. A record is the lines joined while a quote is open
 * (an even number of quote characters closes it, as `""` inside a quoted field counts two). A record that cannot be
 * read is reported on its first line only, and the lines after that line are read again as records of their own: a
 * stray quote costs its own row, never the good rows below it, and an error never names a line past the record.
 */
export async function* csvRecords(input: Readable, maxRecordBytes: number): AsyncGenerator<CsvRecord> {
  const source = physicalLines(input, maxRecordBytes);
  const replay: PhysicalLine[] = [];
  const next = async (): Promise<PhysicalLine | null> => {
    const again = replay.shift();
    if (again) return again;
    const read = await source.next();
    return read.done ? null : read.value;
  };
  const limit = `${formatBytes(maxRecordBytes)} (IMPORT_MAX_RECORD_BYTES)`;
  for (;;) {
    const first = await next();
    if (!first) return;
    if (first.text === null) {
      yield { line: first.number, error: `the record is longer than ${limit}` };
      continue;
    }
    if (first.bytes === 0 && first.badByte === null) continue;
    const lines = [first];
    let quotes = first.quotes;
    let bytes = first.bytes;
    let overflow = false;
    while (quotes % 2 === 1) {
      const line = await next();
      if (!line) break;
      if (line.text === null || bytes + 1 + line.bytes > maxRecordBytes) {
        overflow = true;
        replay.unshift(line);
        break;
      }
      lines.push(line);
      quotes += line.quotes;
      bytes += 1 + line.bytes;
    }
    if (quotes % 2 === 1) {
      replay.unshift(...lines.slice(1));
      yield {
        line: first.number,
        error: overflow
          ? `Quote Not Closed: the quote opened on line ${first.number} is still open past ${limit}`
          : `Quote Not Closed: the quote opened on line ${first.number} is never closed`,
      };
      continue;
    }
    const bad = lines.find((l) => l.badByte !== null);
    if (bad) {
      yield { line: bad.number, error: `the text is not valid UTF-8 (byte ${bad.badByte! + 1} of the line)` };
      continue;
    }
    const text = lines.map((l) => l.text).join('\n');
    const split = splitRecord(text);
    if (split) {
      yield { line: first.number, fields: split };
      continue;
    }
    let rows: string[][];
    try {
      rows = parse(text, { trim: true, relax_column_count: true });
    } catch (error) {
      replay.unshift(...lines.slice(1));
      const message = error instanceof Error ? error.message : String(error);
      yield { line: first.number, error: withFileLines(message, first.number) };
      continue;
    }
    const [fields] = rows;
    if (fields) yield { line: first.number, fields };
  }
}

/**
 * Reads the generic CSV format: a header row naming the columns in CSV_COLUMNS (any order; only `title` is
 * required), one film per record. Records are streamed; positions are the physical line where the record starts.
 */
export async function* readCsv(file: string, limits: ImportLimits): AsyncGenerator<ReadResult> {
  const input = await openInput(file, limits.maxBytes);
  let columns: string[] | null = null;
  for await (const record of csvRecords(input, limits.maxRecordBytes)) {
    const position = `line ${record.line}`;
    if (!columns) {
      if ('error' in record) throw new Error(`${position}: the header row cannot be read: ${record.error}`);
      columns = record.fields.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
      if (!columns.includes('title')) {
        throw new Error(
          `${position}: the header row has no "title" column (expected columns: ${CSV_COLUMNS.join(', ')})`,
        );
      }
      continue;
    }
    if ('error' in record) {
      yield { unreadable: { position, reason: record.error } };
      continue;
    }
    // More cells than the header names is how a misplaced quote shows when it happens to close: refused, not guessed.
    if (record.fields.slice(columns.length).some((cell) => cell !== '')) {
      yield {
        unreadable: {
          position,
          reason: `the record has ${record.fields.length} fields, but the header names ${columns.length}`,
        },
      };
      continue;
    }
    const r: Record<string, string | undefined> = Object.create(null);
    columns.forEach((name, i) => {
      if (i < record.fields.length) r[name] = record.fields[i];
    });
    const title = r.title ?? '';
    const year = r.year ? Number(r.year) : null;
    yield {
      row: {
        position,
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
        imdbId: r.imdb_id,
        tmdbId: r.tmdb_id,
        wikidataId: r.wikidata_id,
      },
    };
  }
}
