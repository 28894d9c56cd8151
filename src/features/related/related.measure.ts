import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DatabaseTarget } from '../../config.js';
import type { Db } from '../../db/database.js';
import { systemClock } from '../../lib/clock.js';
import { uncachedWriter } from './related.service.js';
import { RelatedThreadClient, relatedThreadFile } from './related.thread-client.js';
import { type RelatedJobs, RelatedWorker } from './related.worker.js';

/**
 * `reelhouse related --measure-loop SLUG` (bench/related-bench.mjs): what an admin edit of that film costs the event
 * loop of the process that follows it, as the web process follows it (queue, worker in steps). Two edits: the first
 * after a start (the model is read and built), then one more. Event-loop delay from `perf_hooks.monitorEventLoopDelay`
 * (1 ms resolution) and, beside it, the longest gap between two ticks of a 1 ms timer (what a waiting request sees);
 * first the same probes for 5 s without any related work, for what the machine's load alone costs.
 */
export async function measureEditLoopDelay(
  db: Db,
  database: DatabaseTarget,
  slug: string,
  log: (line: string) => void,
): Promise<{ edit: string; ms: number; maxDelayMs: number; p99DelayMs: number; maxGapMs: number }[]> {
  const film = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!film) throw new Error(`related --measure-loop: no film "${slug}"`);
  const onError = (error: unknown) => {
    throw error;
  };
  // As `serve` runs it: in its own thread when running from the build, else in this thread in steps.
  const file = relatedThreadFile();
  const worker: RelatedJobs = file
    ? new RelatedThreadClient(db, file, { database, pollMs: 0 }, { clock: systemClock, onError, onWritten() {} })
    : new RelatedWorker(db, uncachedWriter(db), { clock: systemClock, onError });
  log(`Worker: ${file ? 'a thread of its own (dist/related-thread.js)' : 'this thread, in steps'}.`);
  const out = [];
  // The control: the same probes for 5 s with no related work at all, which is what the machine's load alone costs.
  for (const edit of ['no related work (control, 5 s)', 'first edit after a start (reads the model)', 'next edit']) {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);
    histogram.enable();
    const started = performance.now();
    if (edit.startsWith('no related work')) await new Promise((resolve) => setTimeout(resolve, 5000));
    else {
      await worker.enqueue([film.id]);
      await worker.drain();
    }
    const ms = performance.now() - started;
    histogram.disable();
    clearInterval(ticker);
    const result = {
      edit,
      ms,
      maxDelayMs: histogram.max / 1e6,
      p99DelayMs: histogram.percentile(99) / 1e6,
      maxGapMs: maxGap,
    };
    out.push(result);
    log(
      `Edit of "${slug}", ${edit}: lists written after ${ms.toFixed(0)} ms; event-loop delay max ${result.maxDelayMs.toFixed(1)} ms, ` +
        `p99 ${result.p99DelayMs.toFixed(1)} ms; longest gap between 1 ms ticks ${maxGap.toFixed(1)} ms.`,
    );
  }
  await worker.stop();
  return out;
}
