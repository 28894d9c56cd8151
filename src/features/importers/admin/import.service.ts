import type { Db } from '../../../db/database.js';
import type { Writer } from '../../../kernel/unit-of-work.js';
import { removeUploadDir, sweepStaleUploads } from '../../../kernel/uploads.js';
import type { Clock } from '../../../lib/clock.js';
import { type Actor, recordAudit } from '../../audit/index.js';
import {
  DEFAULT_IMPORT_LIMITS,
  IMPORT_FORMATS,
  type ImportFormat,
  isImportFormat,
  runImport,
} from '../import.service.js';
import type { ImportLimits } from '../open-input.js';
import { runWxrImport, type WxrImportSummary } from '../wxr/wxr-import.service.js';
import {
  findImportJob,
  insertImportJob,
  interruptStaleImportJobs,
  type JobProgress,
  listImportJobs,
  listRunningUploadDirs,
  touchImportJob,
  updateImportJob,
} from './import.repository.js';

/**
 * Imports started from the admin: the CLI's importer (runImport), run in the background while the admin watches the
 * job's row. The importer commits batch by batch and is keyed by (source, source id), so a job cut short by a restart
 * is finished by running the same file again.
 */

/** Rejected rows kept on the job for the admin to read (the CLI prints them all; a page need not). */
const REJECTED_KEPT = 200;
/** Progress is written at most this often: one UPDATE per batch would be noise. */
const PROGRESS_EVERY_MS = 500;
/**
 * A running job's row moves at least this often, progress or not, so that a job whose row stopped moving for
 * ABANDONED_AFTER_MS is known dead: its process stopped. Another live instance (several share one PostgreSQL) keeps
 * its own jobs' rows moving, so they are never taken for dead; the margin absorbs a busy event loop and clock skew.
 */
export const HEARTBEAT_MS = 15_000;
export const ABANDONED_AFTER_MS = 2 * 60_000;
export const INTERRUPTED_MESSAGE =
  'the server stopped during this import; run it again — re-running is safe, imports are idempotent.';

/**
 * Files in uploads-tmp older than this, and no running job's, were left by a request or a job that died. Far longer
 * than any upload takes, so a request still writing or reading its file (on any instance) is never robbed of it;
 * imports are not bound by it, their files are spared for as long as their job runs.
 */
export const UPLOAD_MAX_AGE_MS = 24 * 3600_000;

/**
 * Mark the jobs of stopped servers as interrupted (at start-up, periodically, and whenever jobs are shown), and
 * delete their uploaded files: no process reads them any more, and the job keeps the file's name to show.
 */
export async function interruptAbandonedImports(db: Db, clock: Clock, uploadsDir: string): Promise<number> {
  const now = clock.now();
  const interrupted = await interruptStaleImportJobs(db, new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString(), {
    error: INTERRUPTED_MESSAGE,
    now: now.toISOString(),
  });
  for (const job of interrupted) {
    // A file that cannot be deleted now is no running job's any more, so the sweep of uploads-tmp takes it later.
    if (job.upload_dir) await removeUploadDir(uploadsDir, job.upload_dir).catch(() => {});
  }
  return interrupted.length;
}

/**
 * Files in uploads-tmp that are old and no running job's. `now` is the wall clock, not the app's Clock: file times are
 * stamped by the real one.
 */
export async function removeStaleUploads(db: Db, uploadsDir: string, now: number = Date.now()): Promise<string[]> {
  // Read before the directory is listed: a job started after this read has a file younger than the age limit.
  const keep = await listRunningUploadDirs(db);
  return sweepStaleUploads(uploadsDir, { olderThan: now - UPLOAD_MAX_AGE_MS, keep });
}

/** The periodic clean-up of uploads-tmp: interrupted jobs' files, then whatever else is old and no running job's. */
export async function sweepUploads(
  db: Db,
  clock: Clock,
  uploadsDir: string,
  now: number = Date.now(),
): Promise<{ interrupted: number; removed: string[] }> {
  const interrupted = await interruptAbandonedImports(db, clock, uploadsDir);
  return { interrupted, removed: await removeStaleUploads(db, uploadsDir, now) };
}

export { findImportJob, listImportJobs };

export const IMPORT_FORMAT_NAMES = Object.keys(IMPORT_FORMATS) as ImportFormat[];

/** The format a file name suggests (`films.csv`, `movies.json.gz`), for the form's "from the file name" choice. */
export function formatFromName(filename: string): ImportFormat | null {
  const name = filename.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json')) return 'wikipedia-json';
  return null;
}

export function checkImportForm(
  body: { format?: string; source?: string },
  filename: string,
): { format: ImportFormat; source: string } | { field: 'format' | 'source'; message: string } {
  const chosen = body.format && body.format !== 'auto' ? body.format : formatFromName(filename);
  if (!chosen || !isImportFormat(chosen)) {
    return {
      field: 'format',
      message: `Format: choose ${IMPORT_FORMAT_NAMES.join(' or ')}; the file name “${filename}” does not say.`,
    };
  }
  const source = (body.source ?? '').trim() || chosen;
  if (!/^[a-z0-9][a-z0-9._-]{0,49}$/i.test(source)) {
    return { field: 'source', message: 'Source: letters, digits, dots, dashes or underscores, at most 50.' };
  }
  return { format: chosen, source };
}

/** What a job imports: the row formats, or a WordPress export. */
export type JobFormat = ImportFormat | 'wxr';

/** A WordPress import's summary in the job's columns: films and pages as rows, skipped items as rejected. */
function wxrJobFigures(s: WxrImportSummary) {
  const skipped = Object.entries(s.skipped);
  return {
    inserted: s.films.inserted + s.pages.inserted,
    updated: s.films.updated + s.pages.updated,
    unchanged: s.films.unchanged + s.pages.unchanged,
    rejected: skipped.reduce((n, [, count]) => n + count, 0),
    rejectedRows: JSON.stringify(skipped.map(([reason, count]) => ({ position: `${count} ×`, reason }))),
    report: JSON.stringify(s),
  };
}

export interface ImportRunner {
  /** Create the job (with its audit entry) and start it; the file is deleted when the job ends. */
  start(input: {
    file: string;
    /** The file's directory under uploads-tmp, by name, recorded on the job (null: a file from elsewhere). */
    uploadDir: string | null;
    cleanup: () => Promise<void>;
    filename: string;
    bytes: number;
    format: JobFormat;
    source: string;
    /** wxr: the categories whose posts are films (empty: every post). */
    filmCategories?: string[];
    actor: Actor;
  }): Promise<number>;
  /** Wait for running jobs (app shutdown, tests). */
  drain(): Promise<void>;
}

/**
 * Told once a job ends (done or failed: a failed job may have committed batches) which films it may have written:
 * those whose `updated_at` is at or after `since`. Derived data (related films) follows them; it reports its own
 * failures, the import stands whatever it does.
 */
export type AfterImport = (imported: { since: string }) => Promise<void>;

export function createImportRunner(
  db: Db,
  clock: Clock,
  /** Writes each batch of films (and the job's first row): pages showing the catalog are retired as batches commit. */
  writer: Writer,
  options: { heartbeatMs?: number; limits?: ImportLimits; afterImport?: AfterImport; ipSalt?: string } = {},
): ImportRunner {
  const running = new Set<Promise<void>>();

  async function runWxr(id: number, file: string, filmCategories: string[], cleanup: () => Promise<void>) {
    const heartbeat = setInterval(() => {
      touchImportJob(db, id, clock.now().toISOString()).catch(() => {});
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    let processed = 0;
    let writing: Promise<void> = Promise.resolve();
    let last = 0;
    const none = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    try {
      const summary = await runWxrImport(db, {
        file,
        filmCategories,
        limits: options.limits ?? DEFAULT_IMPORT_LIMITS,
        ipSalt: options.ipSalt ?? '',
        clock,
        writer,
        onProgress: (n) => {
          processed = n;
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          writing = writing.then(() =>
            updateImportJob(db, id, { processed: n, ...none, now: clock.now().toISOString() }),
          );
        },
      });
      await writing;
      await cleanup();
      await updateImportJob(db, id, {
        processed,
        ...wxrJobFigures(summary),
        status: 'done',
        now: clock.now().toISOString(),
      });
    } catch (error) {
      await writing.catch(() => {});
      await cleanup();
      await updateImportJob(db, id, {
        processed,
        ...none,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        now: clock.now().toISOString(),
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function run(id: number, file: string, format: ImportFormat, source: string, cleanup: () => Promise<void>) {
    let last = 0;
    let latest: JobProgress = { processed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    let writing: Promise<void> = Promise.resolve();
    // Beside the progress writes, not chained to them: a missed beat is made up by the next, and must not hide a
    // failed progress write from the import.
    const heartbeat = setInterval(() => {
      touchImportJob(db, id, clock.now().toISOString()).catch(() => {});
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    // A heartbeat never keeps a stopping process alive.
    heartbeat.unref();
    const since = clock.now().toISOString();
    // Before the job says it ended, so the films it wrote have their related films when the admin reads that.
    const follow = () => options.afterImport?.({ since });
    try {
      const summary = await runImport(db, {
        file,
        format,
        source,
        clock,
        limits: options.limits,
        keepRejected: REJECTED_KEPT,
        writer,
        onProgress: (progress) => {
          latest = progress;
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          // Chained, so updates land in order; the importer does not wait for them.
          writing = writing.then(() => updateImportJob(db, id, { ...latest, now: clock.now().toISOString() }));
        },
      });
      await writing;
      if (summary.inserted + summary.updated > 0) await follow();
      // The file goes before the job says "done", so nothing of it is left once the admin reads that.
      await cleanup();
      await updateImportJob(db, id, {
        processed: summary.processed,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejectedTotal,
        rejectedRows: JSON.stringify(summary.rejected),
        status: 'done',
        now: clock.now().toISOString(),
      });
    } catch (error) {
      await writing.catch(() => {});
      await follow();
      await cleanup();
      await updateImportJob(db, id, {
        ...latest,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        now: clock.now().toISOString(),
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  return {
    async start(input) {
      const now = clock.now();
      const id = await writer.write(async ({ tx: trx }) => {
        const jobId = await insertImportJob(trx, {
          format: input.format,
          source: input.source,
          filename: input.filename,
          bytes: input.bytes,
          uploadDir: input.uploadDir,
          userId: input.actor.id,
          actor: input.actor.label,
          now: now.toISOString(),
        });
        await recordAudit(
          trx,
          input.actor,
          {
            action: 'import.start',
            targetType: 'import',
            targetId: jobId,
            summary: `Started importing “${input.filename}” (${input.format}, source “${input.source}”)`,
          },
          now,
        );
        return jobId;
      });
      const work =
        input.format === 'wxr'
          ? runWxr(id, input.file, input.filmCategories ?? [], input.cleanup)
          : run(id, input.file, input.format, input.source, input.cleanup);
      const job = work.finally(() => running.delete(job));
      running.add(job);
      return id;
    },
    async drain() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

/** A WordPress export's dry run, every post counted as a film: what the admin's preview shows. */
export const previewWxr = (db: Db, file: string, limits: ImportLimits, ipSalt: string) =>
  runWxrImport(db, { file, filmCategories: [], dryRun: true, limits, ipSalt });
