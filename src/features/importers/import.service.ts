import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import {
  distinctOriginalTitle,
  type FilmInput,
  type ImportOutcome,
  markCatalogChanged,
  saveImportedFilm,
  TermIdCache,
} from '../catalog/index.js';
import { readCsv } from './csv.reader.js';
import { CatalogMapping } from './mapping.js';
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
  rejected: RejectedRow[];
}

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** The idempotency namespace; defaults to the format name. Two different CSV sources should use two names. */
  source?: string;
  mapping?: CatalogMapping;
  batchSize?: number;
  clock?: Clock;
  onProgress?: (progress: ImportProgress) => void;
}

const MAX_TITLE = 300;
const MAX_SYNOPSIS = 20_000;
const MAX_PEOPLE = 50;

/** Turn a source row into catalog input, or say what is wrong with it. */
export function validateRow(
  row: SourceRow,
  source: string,
  format: ImportFormat,
  mapping: CatalogMapping,
  latestYear: number,
): FilmInput | string {
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
  };
}

/**
 * Stream a file into the catalog. Each batch commits in its own transaction and rows are keyed by (source, source
 * id), so an interrupted import re-run later finishes the job without duplicates, and a repeated one changes nothing.
 */
export async function runImport(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const mapping = options.mapping ?? CatalogMapping.load();
  const clock = options.clock ?? systemClock;
  const source = options.source ?? options.format;
  const batchSize = options.batchSize ?? 250;
  const latestYear = clock.now().getUTCFullYear() + 5;
  const cache = new TermIdCache();
  const seen = new Map<string, string>();
  const summary: ImportSummary = { processed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: [] };
  const report = () => options.onProgress?.({ ...summary, rejected: summary.rejected.length });

  let batch: FilmInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const now = clock.now().toISOString();
    let outcomes: ImportOutcome[] = [];
    try {
      outcomes = await db.transaction().execute(async (trx) => {
        const done: ImportOutcome[] = [];
        for (const input of rows) done.push(await saveImportedFilm(trx, input, now, cache));
        if (done.some((o) => o !== 'unchanged')) await markCatalogChanged(trx);
        return done;
      });
    } catch (error) {
      cache.clear();
      throw error;
    }
    for (const outcome of outcomes) summary[outcome]++;
    summary.processed += rows.length;
    report();
  };

  const reader: AsyncGenerator<ReadResult> = IMPORT_FORMATS[options.format](options.file);
  for await (const result of reader) {
    if ('unreadable' in result) {
      summary.rejected.push(result.unreadable);
      summary.processed++;
      continue;
    }
    const input = validateRow(result.row, source, options.format, mapping, latestYear);
    if (typeof input === 'string') {
      summary.rejected.push({ position: result.row.position, reason: input });
      summary.processed++;
      continue;
    }
    const earlier = seen.get(input.sourceId);
    if (earlier) {
      summary.rejected.push({
        position: result.row.position,
        reason: `duplicate of ${earlier} (same source id "${input.sourceId}")`,
      });
      summary.processed++;
      continue;
    }
    seen.set(input.sourceId, result.row.position);
    batch.push(input);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report();
  return summary;
}
