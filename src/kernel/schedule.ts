import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/database.js';
import { claimScheduledRun } from '../db/scheduled-runs.js';
import type { Clock } from '../lib/clock.js';

/** Names this process in `scheduled_runs.last_runner`: which instance ran a job last, for an operator. */
const RUNNER = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
/** How often an instance asks whether a job is due: a job runs at most this late. */
const LONGEST_CHECK_MS = 60_000;

export interface ScheduledJob {
  /** The job's row in `scheduled_runs`: one name, one schedule, whichever instances run it. */
  name: string;
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

export interface ScheduledJobHandle {
  /** Claims and runs the job now if it is due (what the timer does; tests call it directly). */
  tick(): Promise<boolean>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `job` once per `everyMs` across every instance on this database (docs/decisions/030): each instance checks
 * often, and runs the job only when it claimed the run. The first run is one period after the job first starts on
 * any instance, so restarts neither repeat nor postpone it.
 */
export function startScheduledJob(
  deps: { db: Db; clock: Clock; onError: (error: unknown) => void },
  job: ScheduledJob,
  checkMs = Math.min(job.everyMs, LONGEST_CHECK_MS),
): ScheduledJobHandle {
  let running: Promise<boolean> | undefined;
  const tick = () => {
    running ??= (async () => {
      const now = deps.clock.now();
      if (!(await claimScheduledRun(deps.db, job.name, now, job.everyMs, RUNNER))) return false;
      await job.run(now);
      return true;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void tick().catch(deps.onError), checkMs);
  // A schedule alone never keeps the process alive.
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
