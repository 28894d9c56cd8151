import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse/sync';
import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type FilmCandidate, type FilmMatch, FilmMatcher, HistoryFileError, openHistory } from '../history/index.js';
import { LIST_LIMITS, ListError } from './list.js';
import { directorsOf, entriesPage } from './lists.repository.js';
import { addFilms, type StoredList } from './lists.service.js';

/** Our own list export's columns (issue 17), in this order. */
export const LIST_CSV_COLUMNS = ['Position', 'Title', 'Year', 'Directors', 'imdbID', 'Note'] as const;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** A leading =, +, - or @ would be a formula to a spreadsheet: a quote mark keeps it text (OWASP CSV injection). */
const safe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The whole list as CSV, read a page at a time. */
export async function listCsv(db: DbOrTx, list: StoredList): Promise<string> {
  const lines = [LIST_CSV_COLUMNS.join(',')];
  const size = 1000;
  for (let offset = 0; ; offset += size) {
    const rows = await entriesPage(db, list.id, size, offset);
    const directors = await directorsOf(
      db,
      rows.map((r) => r.film_id),
    );
    rows.forEach((r, i) => {
      const fields = [
        String(offset + i + 1),
        safe(r.title),
        r.year === null ? '' : String(r.year),
        safe((directors.get(r.film_id) ?? []).join(', ')),
        r.imdb_id ?? '',
        safe(r.note),
      ];
      lines.push(fields.map(cell).join(','));
    });
    if (rows.length < size) break;
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ImportRow {
  line: number;
  title: string;
  year: number | null;
  position: number | null;
  note: string;
  match: FilmMatch;
}

export interface ListImportReport {
  added: number;
  alreadyOn: number;
  /** "line 4: …" for each row that was not imported: no film, or several (listed, never guessed between). */
  problems: string[];
}

const named = (c: FilmCandidate) => `${c.title}${c.year ? ` (${c.year})` : ''} /film/${c.slug}`;

function problemOf(row: ImportRow): string | null {
  const what = `“${row.title}”${row.year ? ` (${row.year})` : ''}`;
  if (row.match.status === 'ambiguous')
    return `line ${row.line}: ${what} matches several films, none was picked: ${row.match.candidates.map(named).join('; ')}`;
  if (row.match.status === 'unmatched')
    return `line ${row.line}: ${what} is not in the catalog${row.match.others.length ? ` (other years: ${row.match.others.map(named).join('; ')})` : ''}`;
  return null;
}

const OWN_HEADER = /^\uFEFF?Position,Title,Year/i;
const LETTERBOXD_MARK = /^\uFEFF?"?Letterboxd list export/i;

/** The rows of an uploaded list: our own export, or a Letterboxd list export (read by the history feature). */
export async function readListFile(db: DbOrTx, bytes: Buffer, name: string): Promise<ImportRow[]> {
  if (bytes.length > LIST_LIMITS.importBytes)
    throw new ListError(`The file is too large: at most ${LIST_LIMITS.importBytes / 1048576} MB.`, 'file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ListError(`${name}: the file is not UTF-8 text.`, 'file');
  }
  if (LETTERBOXD_MARK.test(text)) return readLetterboxdList(db, bytes, name);
  if (OWN_HEADER.test(text)) return readOwnList(db, text, name);
  throw new ListError(
    `${name}, line 1: expected our list export (Position,Title,Year,Directors,imdbID,Note) or a Letterboxd list export.`,
    'file',
  );
}

async function readLetterboxdList(db: DbOrTx, bytes: Buffer, name: string): Promise<ImportRow[]> {
  const csvName = /\.csv$/i.test(name) ? name : `${name}.csv`;
  try {
    const reading = await openHistory(db, { stream: Readable.from([bytes]), name: csvName });
    const rows: ImportRow[] = [];
    for await (const event of reading) {
      if (event.kind !== 'list-entry') continue;
      rows.push({
        line: event.line,
        title: event.title,
        year: event.year,
        position: event.list?.position ?? null,
        note: event.list?.note ?? '',
        match: event.match,
      });
    }
    return rows;
  } catch (error) {
    if (error instanceof HistoryFileError) throw new ListError(error.message, 'file');
    throw error;
  }
}

async function readOwnList(db: DbOrTx, text: string, name: string): Promise<ImportRow[]> {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, columns: true, info: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    if (error instanceof CsvError) throw new ListError(`${name}, line ${error.lines ?? '?'}: ${error.message}`, 'file');
    throw error;
  }
  const matcher = await FilmMatcher.load(db);
  let previousEnd = 1;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const title = (record.Title ?? '').trim();
    const year = /^\d{4}$/.test((record.Year ?? '').trim()) ? Number(record.Year) : null;
    const imdb = (record.imdbID ?? '').trim();
    const position = /^\d{1,7}$/.test((record.Position ?? '').trim()) ? Number(record.Position) : null;
    const unquoted = (value: string) => value.replace(/^'(?=[=+\-@\t\r])/, '');
    return {
      line,
      title: unquoted(title),
      year,
      position,
      note: unquoted(record.Note ?? '').replace(/\r\n?/g, '\n'),
      match: title
        ? matcher.match({ title: unquoted(title), year, imdbId: /^tt\d{7,10}$/.test(imdb) ? imdb : null })
        : { status: 'unmatched', others: [] },
    };
  });
}

/**
 * Adds the matched rows to the list, in their positions' order (rows without one keep the file's order after them).
 * Films already on the list are left as they are, so the same file twice changes nothing.
 */
export async function importIntoList(
  uow: UnitOfWork,
  list: StoredList,
  rows: ImportRow[],
  now: Date,
): Promise<ListImportReport> {
  const problems = rows.map(problemOf).filter((p): p is string => p !== null);
  const ordered = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.match.status === 'matched')
    .sort(
      (a, b) =>
        (a.row.position ?? Number.MAX_SAFE_INTEGER) - (b.row.position ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
    );
  const films = ordered.map(({ row }) => ({
    filmId: row.match.status === 'matched' ? row.match.filmId : 0,
    note: row.note.slice(0, LIST_LIMITS.noteChars),
  }));
  const added = await addFilms(uow, list, films, now);
  return { added, alreadyOn: new Set(films.map((f) => f.filmId)).size - added, problems };
}
