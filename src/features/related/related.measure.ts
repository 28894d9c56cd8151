import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import { systemClock } from '../../lib/clock.js';
import { uncachedWriter } from './related.service.js';
import { RelatedWorker } from './related.worker.js';

/**
 * `reelhouse related --measure-loop SLUG` (bench/related-bench.mjs): what an admin edit of that film costs the event
 * loop of the process that follows it, as the web process follows it (queue, worker in steps). Two edits: the first
 * after a start (the model is read and built), then one more. Event-loop delay from `perf_hooks.monitorEventLoopDelay`
 * (1 ms resolution) and, beside it, the longest gap between two ticks of a 1 ms timer (what a waiting request sees).
 */
export async function measureEditLoopDelay(
  db: Db,
  slug: string,
  log: (line: string) => void,
): Promise<{ edit: string; ms: number; maxDelayMs: number; p99DelayMs: number; maxGapMs: number }[]> {
  const film = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!film) throw new Error(`related --measure-loop: no film "${slug}"`);
  const worker = new RelatedWorker(db, uncachedWriter(db), {
    clock: systemClock,
    onError: (error) => {
      throw error;
    },
  });
  const out = [];
  for (const edit of ['first edit after a start (reads the model)', 'next edit']) {
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
    await worker.enqueue([film.id]);
    await worker.drain();
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
