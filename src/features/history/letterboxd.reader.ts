import type { Readable } from 'node:stream';
import { type CsvLine, type CsvTableRow, csvLines, csvTable } from './csv-table.js';
import { blankRow, dayOf, HistoryFileError, type HistoryKind, type ReaderItem, yearOf } from './history-row.js';
import type { HistoryLimits } from './safe-zip.js';

/**
 * Letterboxd's account export (Settings → Data → Export your data), one reader per file of the ZIP. The layouts, as
 * issue 17 quotes them and Letterboxd's own export writes them:
 *   watched.csv, watchlist.csv, likes/films.csv   Date,Name,Year,Letterboxd URI
 *   ratings.csv                                    Date,Name,Year,Letterboxd URI,Rating           (Rating 0.5–5)
 *   diary.csv        Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date
 *   reviews.csv      Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date   (Review multi-line)
 *   lists/*.csv      "Letterboxd list export v7", a metadata block (Date,Name,Tags,URL,Description and one row),
 *                    a blank line, then Position,Name,Year,URL,Description
 */

const BASIC = ['Date', 'Name', 'Year', 'Letterboxd URI'] as const;

const FILES: Record<string, { kind: HistoryKind; required: readonly string[] }> = {
  'watched.csv': { kind: 'watched', required: BASIC },
  'watchlist.csv': { kind: 'watchlist', required: BASIC },
  'likes/films.csv': { kind: 'like', required: BASIC },
  'ratings.csv': { kind: 'rating', required: [...BASIC, 'Rating'] },
  'diary.csv': { kind: 'diary', required: [...BASIC, 'Rating', 'Rewatch', 'Tags', 'Watched Date'] },
  'reviews.csv': { kind: 'review', required: [...BASIC, 'Review'] },
};

/** The Letterboxd file a path inside the export is, or 'list', or null for files this import does not read. */
export function letterboxdFileOf(name: string): string | 'list' | null {
  if (name in FILES) return name;
  if (/^lists\/[^/]+\.csv$/i.test(name)) return 'list';
  return null;
}

/** Stars as Letterboxd writes them (0.5–5 in halves) → half-stars 1–10; undefined when not such a number. */
export function letterboxdRating(raw: string): number | null | undefined {
  if (raw === '') return null;
  if (!/^\d(\.\d+)?$/.test(raw)) return undefined;
  const halves = Number(raw) * 2;
  return Number.isInteger(halves) && halves >= 1 && halves <= 10 ? halves : undefined;
}

const tagsOf = (raw: string) =>
  raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export async function* readLetterboxdFile(
  input: Readable,
  file: string,
  limits: HistoryLimits,
): AsyncGenerator<ReaderItem> {
  const which = letterboxdFileOf(file);
  if (which === null) throw new HistoryFileError(`${file}: not a Letterboxd export file`);
  const lines = csvLines(input, file, limits.maxRecordBytes);
  if (which === 'list') {
    yield* readList(lines, file);
    return;
  }
  const { kind, required } = FILES[which]!;
  for await (const record of csvTable(lines, file, required)) {
    if ('error' in record) {
      yield { skipped: { file, position: `line ${record.line}`, reason: record.error } };
      continue;
    }
    yield filmRow(record, kind, file);
  }
}

function filmRow(record: CsvTableRow, kind: HistoryKind, file: string): ReaderItem {
  const position = `line ${record.line}`;
  const title = record.get('Name');
  if (!title) return { skipped: { file, position, reason: 'the film has no name' } };
  const row = blankRow({ kind, source: 'letterboxd', file, line: record.line, position, title });
  row.year = yearOf(record.get('Year'));
  row.letterboxdUri = record.get('Letterboxd URI') || record.get('URL') || null;
  row.date = dayOf(record.get('Date'));
  if (kind === 'rating' || kind === 'diary' || kind === 'review') {
    const raw = record.get('Rating');
    const rating = letterboxdRating(raw);
    if (rating === undefined)
      return { skipped: { file, position, reason: `rating "${raw}" is not 0.5 to 5 stars in half stars` } };
    if (kind === 'rating' && rating === null) return { skipped: { file, position, reason: 'the rating is empty' } };
    row.rating = rating;
  }
  if (kind === 'diary' || kind === 'review') {
    row.date = dayOf(record.get('Watched Date')) ?? row.date;
    row.rewatch = /^yes$/i.test(record.get('Rewatch'));
    row.tags = tagsOf(record.get('Tags'));
  }
  if (kind === 'review') {
    row.review = record.get('Review').replace(/\r\n?/g, '\n') || null;
    if (!row.review) return { skipped: { file, position, reason: 'the review is empty' } };
  }
  return { row };
}

const LIST_MARK = /^letterboxd list export v\d+$/i;

/** A list export: the marker line, its metadata block, then the entries under their own header. */
async function* readList(lines: AsyncGenerator<CsvLine>, file: string): AsyncGenerator<ReaderItem> {
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new HistoryFileError(`${file}: the list export ends before its entries`);
    if ('error' in value) throw new HistoryFileError(`${file}, line ${value.line}: ${value.error}`);
    return value;
  };
  const mark = await next();
  if (!LIST_MARK.test(mark.fields[0] ?? ''))
    throw new HistoryFileError(
      `${file}, line ${mark.line}: not a Letterboxd list export (expected "Letterboxd list export v7")`,
    );
  const metaHeader = await next();
  const meta = await next();
  const metaColumns = metaHeader.fields.map((f) => f.trim().toLowerCase());
  const metaValue = (column: string) => meta.fields[metaColumns.indexOf(column)]?.trim() ?? '';
  const name = metaValue('name') || file.replace(/^lists\//, '').replace(/\.csv$/i, '');
  const description = metaValue('description') || null;
  const header = await next();
  const table = csvTable(lines, file, ['Position', 'Name', 'Year'], header);
  for await (const record of table) {
    if ('error' in record) {
      yield { skipped: { file, position: `line ${record.line}`, reason: record.error } };
      continue;
    }
    const position = `line ${record.line}`;
    const title = record.get('Name');
    if (!title) {
      yield { skipped: { file, position, reason: 'the film has no name' } };
      continue;
    }
    const row = blankRow({ kind: 'list-entry', source: 'letterboxd', file, line: record.line, position, title });
    row.year = yearOf(record.get('Year'));
    row.letterboxdUri = record.get('URL') || null;
    const place = record.get('Position');
    row.list = {
      name,
      description,
      position: /^\d{1,7}$/.test(place) ? Number(place) : null,
      note: record.get('Description').replace(/\r\n?/g, '\n') || null,
    };
    yield { row };
  }
}
