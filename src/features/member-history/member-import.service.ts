import type { Db } from '../../db/database.js';
import { type HistoryInput, type HistoryLimits, type HistoryReading, openHistory } from '../history/index.js';
import { type ApplyDeps, type ApplyOptions, applyHistory, type HistoryOwner } from './history-apply.service.js';
import { findJob, insertJob, recentJobs, updateJob } from './member-import-jobs.repository.js';

export { recentJobs };

import type { MemberImportReport } from './member-import-report.js';

/**
 * Read a history file and apply it to the member. The file is validated whole before anything is applied
 * (openHistory throws a HistoryFileError naming the file and line), so a refused file changes nothing.
 */
export async function importHistoryFile(
  deps: ApplyDeps,
  owner: HistoryOwner,
  input: HistoryInput,
  options: ApplyOptions & { limits?: HistoryLimits; onTotal?: (total: number) => void },
): Promise<MemberImportReport> {
  const reading = await openHistory(deps.db, input, { limits: options.limits });
  options.onTotal?.(reading.total);
  try {
    return await applyHistory(deps, owner, reading, options);
  } finally {
    await reading.close();
  }
}

/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 500;
/** A running job whose row has not moved for this long was cut short (a restart): shown as interrupted. */
export const STALLED_AFTER_MS = 2 * 60_000;

export interface ImportJobs {
  /** Record the job and apply the (validated) reading in the background; the job's row follows its progress. */
  start(
    deps: ApplyDeps,
    job: { owner: HistoryOwner; reading: HistoryReading; file: { name: string; bytes: number } },
    options: ApplyOptions,
    /** Deletes the uploaded file once the job ends. */
    cleanup: () => Promise<void>,
  ): Promise<number>;
  drain(): Promise<void>;
}

export function createImportJobs(): ImportJobs {
  const running = new Set<Promise<void>>();

  async function run(
    deps: ApplyDeps,
    id: number,
    { owner, reading }: { owner: HistoryOwner; reading: HistoryReading },
    options: ApplyOptions,
    cleanup: () => Promise<void>,
  ) {
    const stamp = () => deps.now().toISOString();
    let last = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      const report = await applyHistory(deps, owner, reading, {
        ...options,
        onProgress: (processed) => {
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          writing = writing.then(() => updateJob(deps.db, id, { processed, now: stamp() }));
        },
      });
      await writing;
      await updateJob(deps.db, id, {
        processed: reading.total,
        status: 'done',
        report: JSON.stringify(report),
        now: stamp(),
      });
    } catch (error) {
      await writing.catch(() => {});
      const message = error instanceof Error ? error.message : String(error);
      await updateJob(deps.db, id, { status: 'failed', error: message, now: stamp() });
    } finally {
      await reading.close();
      await cleanup();
    }
  }

  return {
    async start(deps, job, options, cleanup) {
      const id = await insertJob(deps.db, {
        memberId: job.owner.id,
        filename: job.file.name.slice(0, 200),
        bytes: job.file.bytes,
        total: job.reading.total,
        now: deps.now().toISOString(),
      });
      const work = run(deps, id, job, options, cleanup).finally(() => running.delete(work));
      running.add(work);
      return id;
    },
    async drain() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

/** A member's own job, with `stalled` when its process stopped while it ran. */
export async function ownJob(db: Db, memberId: number, id: number, now: Date) {
  const job = await findJob(db, memberId, id);
  if (!job) return null;
  const stalled = job.status === 'running' && now.getTime() - Date.parse(job.updated_at) > STALLED_AFTER_MS;
  const report = job.report ? (JSON.parse(job.report) as MemberImportReport) : null;
  return { ...job, stalled, report };
}
