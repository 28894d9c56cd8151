import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { DEFAULT_LIMITS, type ResourceLimits } from '../../config.js';
import type { Db } from '../../db/database.js';
import { refreshStatistics } from '../../db/dialect/index.js';
import { createWriter, type Writer } from '../../kernel/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import {
  distinctOriginalTitle,
  EXTERNAL_ID_LABELS,
  type FilmInput,
  findImportConflict,
  type ImportOutcome,
  parseExternalIds,
  saveImportedFilm,
  TermIdCache,
} from '../catalog/index.js';
import { readCsv } from './csv.reader.js';
import { CatalogMapping } from './mapping.js';
import { ImportLimitError, type ImportLimits } from './open-input.js';
import type { ReadResult, SourceRow } from './source-row.js';
import { readWikipediaJson } from './wikipedia-json.reader.js';

export const IMPORT_FORMATS = {
  'wikipedia-json': readWikipediaJson,
  csv: readCsv,
} as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

export const isImportFormat = (value: string): value is ImportFormat => value in IMPORT_FORMATS;

export interface RejectedRow {
  position: string;
  reason: string;
}

export interface ImportProgress {
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary extends Omit<ImportProgress, 'rejected'> {
  /** The first `keepRejected` rejected rows (all of them unless the caller asked for fewer). */
  rejected: RejectedRow[];
  /** How many rows were rejected, kept or not. */
  rejectedTotal: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: DEFAULT_LIMITS.importMaxBytes,
  maxRecordBytes: DEFAULT_LIMITS.importMaxRecordBytes,
  maxRows: DEFAULT_LIMITS.importMaxRows,
};

/** The import's part of the configured limits. */
export const importLimitsOf = (limits: ResourceLimits): ImportLimits => ({
  maxBytes: limits.importMaxBytes,
  maxRecordBytes: limits.importMaxRecordBytes,
  maxRows: limits.importMaxRows,
});

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** The idempotency namespace; defaults to the format name. Two different CSV sources should use two names. */
  source?: string;
  mapping?: CatalogMapping;
  batchSize?: number;
  clock?: Clock;
  /**
   * Rejected rows kept in the summary; the rest are only counted. A server job shows a few; a file of a million bad
   * rows would otherwise hold them all in memory.
   */
  keepRejected?: number;
  /** What the file may cost the server (IMPORT_MAX_BYTES and friends); DEFAULT_IMPORT_LIMITS when not given. */
  limits?: ImportLimits;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * How batches are written (kernel/unit-of-work.ts): the server passes its own, so pages showing the catalog are
   * retired as each batch commits. Without one (the CLI, scripts) there is no page cache to retire.
   */
  writer?: Writer;
}

const MAX_TITLE = 300;
const MAX_SYNOPSIS = 20_000;
const MAX_PEOPLE = 50;

/** Rows handled between two turns of the event loop when no batch is written (a file of rejected rows). */
const ROWS_PER_TURN = 200;

/**
 * The first field of a row holding U+0000, named as the error message says it. PostgreSQL text cannot store it (the
 * insert fails, and with it the batch), SQLite can: refused here, so both databases keep and refuse the same rows.
 */
function fieldWithNul(row: SourceRow): string | null {
  const fields: Array<[string, unknown]> = [
    ['title', row.title],
    ['original title', row.originalTitle],
    ['synopsis', row.synopsis],
    ['origin', row.origin],
    ['language', row.languages],
    ['genres', row.genres],
    ['director', row.directors],
    ['cast', row.cast],
    ['source id', row.sourceId],
    ['source URL', row.sourceUrl],
  ];
  for (const [name, value] of fields) {
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((text) => typeof text === 'string' && text.includes('\u0000'))) return name;
  }
  return null;
}

/** Turn a source row into catalog input, or say what is wrong with it. */
export function validateRow(
  row: SourceRow,
  source: string,
  format: ImportFormat,
  mapping: CatalogMapping,
  latestYear: number,
): FilmInput | string {
  const withNul = fieldWithNul(row);
  if (withNul) return `${withNul} contains a NUL character`;
  if (typeof row.title !== 'string' || row.title.trim() === '') return 'title is missing';
  const title = row.title.trim().replace(/\s+/g, ' ');
  if (title.length > MAX_TITLE) return `title is longer than ${MAX_TITLE} characters`;
  if (row.originalTitle !== null && typeof row.originalTitle !== 'string') return 'original title is not text';
  const originalTitle = distinctOriginalTitle(title, row.originalTitle);
  if (originalTitle && originalTitle.length > MAX_TITLE) return `original title is longer than ${MAX_TITLE} characters`;
  let year: number | null = null;
  if (row.year !== null && row.year !== undefined && row.year !== '') {
    if (typeof row.year !== 'number' || !Number.isInteger(row.year))
      return `year "${String(row.year)}" is not a whole number`;
    if (row.year < 1870 || row.year > latestYear) return `year ${row.year} is outside 1870..${latestYear}`;
    year = row.year;
  }
  if (typeof row.synopsis !== 'string') return 'synopsis is not text';
  const synopsis = row.synopsis.trim();
  if (synopsis.length > MAX_SYNOPSIS) return `synopsis is longer than ${MAX_SYNOPSIS} characters`;
  if (!row.sourceId) return 'source id is missing';
  const external = parseExternalIds(row);
  if (external.problems) return Object.values(external.problems).join('; ');
  const defaults = mapping.defaultsFor(format);
  const origin = row.origin ?? defaults.origin ?? null;
  const languages = row.languages.length ? row.languages : defaults.language ? [defaults.language] : [];
  const canonicalLanguages = languages.map((l) => mapping.canonicalLanguage(l));
  return {
    source,
    sourceId: row.sourceId,
    sourceUrl: row.sourceUrl,
    title,
    originalTitle,
    year,
    synopsis,
    origin,
    language: canonicalLanguages.length ? canonicalLanguages.join(', ') : null,
    categories: mapping.categoriesFor(languages, origin),
    genres: mapping.genresFor(row.genres),
    directors: [...new Set(row.directors)].slice(0, MAX_PEOPLE),
    cast: [...new Set(row.cast)].slice(0, MAX_PEOPLE),
    ...external.ids,
  };
}

/** A row's external ids, each with the key it is remembered by within one file ("imdbId tt0133093"). */
const externalIdKeys = (input: FilmInput) =>
  (['imdbId', 'tmdbId', 'wikidataId'] as const).flatMap((field) => {
    const value = input[field];
    return value ? [{ field, value, key: `${field} ${value}` }] : [];
  });

/** A row accepted by validation, waiting for its batch to be written. */
interface Pending {
  input: FilmInput;
  position: string;
}

/**
 * Stream a file into the catalog. Each batch commits in its own transaction and rows are keyed by (source, source
 * id), so an interrupted import re-run later finishes the job without duplicates, and a repeated one changes nothing.
 * A file that stops being readable part-way (a limit passed, a syntax error) keeps every row read before that point:
 * the rows waiting for their batch are written before the error is passed on, so what is stored does not depend on
 * the batch size.
 */
export async function runImport(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const mapping = options.mapping ?? CatalogMapping.load();
  const clock = options.clock ?? systemClock;
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  const source = options.source ?? options.format;
  const batchSize = options.batchSize ?? 250;
  const latestYear = clock.now().getUTCFullYear() + 5;
  const cache = new TermIdCache();
  const seen = new Map<string, string>();
  const keepRejected = options.keepRejected ?? Number.POSITIVE_INFINITY;
  const summary: ImportSummary = {
    processed: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    rejectedTotal: 0,
  };
  const report = () =>
    options.onProgress?.({
      processed: summary.processed,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejectedTotal,
    });
  const noteRejected = (row: RejectedRow) => {
    summary.rejectedTotal++;
    if (summary.rejected.length < keepRejected) summary.rejected.push(row);
  };

  const writer =
    options.writer ??
    createWriter(db, {
      invalidate() {},
      effectFailed(error) {
        throw error;
      },
    });

  /** The fast path: the whole batch in one transaction. */
  const saveBatch = (rows: Pending[], now: string) =>
    writer.write(async ({ tx, touched }) => {
      const done: ImportOutcome[] = [];
      for (const { input } of rows) done.push(await saveImportedFilm(tx, input, now, cache));
      if (done.some((o) => o !== 'unchanged')) touched('catalog');
      return done;
    });

  /**
   * The batch again, each row in a savepoint of one transaction: a row the database refuses is rejected by its
   * position and the others are stored (on PostgreSQL a failed statement would otherwise abort the whole
   * transaction). A failure outside a row (the connection lost) still fails the import.
   */
  const saveRowByRow = (rows: Pending[], now: string) =>
    writer.write(async ({ tx: trx, touched }) => {
      const done: Array<ImportOutcome | null> = [];
      for (const { input, position } of rows) {
        await sql`savepoint import_row`.execute(trx);
        try {
          done.push(await saveImportedFilm(trx, input, now, cache));
          await sql`release savepoint import_row`.execute(trx);
        } catch (error) {
          await sql`rollback to savepoint import_row`.execute(trx);
          // Ids the rolled-back row created are gone.
          cache.clear();
          const reason = error instanceof Error ? error.message : String(error);
          noteRejected({ position, reason: `the database refused it: ${reason}` });
          done.push(null);
        }
      }
      if (done.some((o) => o !== null && o !== 'unchanged')) touched('catalog');
      return done;
    });

  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const now = clock.now().toISOString();
    let outcomes: Array<ImportOutcome | null>;
    try {
      outcomes = await saveBatch(rows, now);
    } catch {
      cache.clear();
      try {
        outcomes = await saveRowByRow(rows, now);
      } catch (error) {
        cache.clear();
        throw error;
      }
    }
    for (const outcome of outcomes) if (outcome) summary[outcome]++;
    summary.processed += rows.length;
    report();
    // Let requests in between batches: on SQLite every statement of a batch runs on the event loop's thread.
    await nextTurn();
  };

  const reject = (position: string, reason: string) => {
    noteRejected({ position, reason });
    summary.processed++;
  };

  /**
   * An external id given to two films is refused on the second row, naming the line of the first, or the film that
   * already holds it: the id is how history imports find the film, so it must name one film only.
   */
  const idsSeen = new Map<string, { sourceId: string; position: string }>();
  const externalIdProblem = async (input: FilmInput, position: string): Promise<string | null> => {
    const keys = externalIdKeys(input);
    if (keys.length === 0) return null;
    for (const { field, value, key } of keys) {
      const earlier = idsSeen.get(key);
      if (earlier && earlier.sourceId !== input.sourceId)
        return `${EXTERNAL_ID_LABELS[field]} ${value} is already given to the film on ${earlier.position}`;
    }
    const conflict = await findImportConflict(db, input);
    if (conflict) return conflict.message;
    for (const { key } of keys) idsSeen.set(key, { sourceId: input.sourceId, position });
    return null;
  };

  const reader: AsyncGenerator<ReadResult> = IMPORT_FORMATS[options.format](options.file, limits);
  let records = 0;
  let sinceTurn = 0;
  try {
    for await (const result of reader) {
      if (++records > limits.maxRows) {
        throw new ImportLimitError(`the file holds more than ${limits.maxRows} records (IMPORT_MAX_ROWS)`);
      }
      if (++sinceTurn >= ROWS_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      if ('unreadable' in result) {
        reject(result.unreadable.position, result.unreadable.reason);
        continue;
      }
      const input = validateRow(result.row, source, options.format, mapping, latestYear);
      if (typeof input === 'string') {
        reject(result.row.position, input);
        continue;
      }
      const earlier = seen.get(input.sourceId);
      if (earlier) {
        reject(result.row.position, `duplicate of ${earlier} (same source id "${input.sourceId}")`);
        continue;
      }
      const idReason = await externalIdProblem(input, result.row.position);
      if (idReason) {
        reject(result.row.position, idReason);
        continue;
      }
      seen.set(input.sourceId, result.row.position);
      batch.push({ input, position: result.row.position });
      if (batch.length >= batchSize) {
        sinceTurn = 0;
        await flush();
      }
    }
  } catch (error) {
    // Stop reading (a gunzip still inflating is destroyed), then keep the good rows read before the stop.
    await reader.return(undefined).catch(() => {});
    await flush();
    report();
    throw error;
  }
  await flush();
  report();
  // The planner's statistics would still describe the catalog before the import (decision 030).
  if (summary.inserted + summary.updated > 0) await refreshStatistics(db);
  return summary;
}
