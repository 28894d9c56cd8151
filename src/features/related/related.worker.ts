import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../../db/database.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import type { RelatedModel } from './model.js';
import {
  claimQueued,
  countWaiting,
  doneSince,
  enqueueFilms,
  finishClaimed,
  pruneDone,
  releaseClaimed,
} from './related.queue.js';
import { loadCorpus } from './related.repository.js';
import {
  applyFilmChange,
  type Pause,
  REBUILD_ABOVE,
  loadModel as readModel,
  rebuildRelated,
  rebuildRelatedWithReport,
  refreshAudience,
  uncachedWriter,
  yieldToEventLoop,
} from './related.service.js';

/** Names this worker in `related_queue.claimed_by`. */
const RUNNER = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
/** Rows one claim takes when following films one by one. */
const CLAIM_BATCH = 50;
/** A claim is a lease: a worker that stopped leaves its rows to others after this. */
const LEASE_MS = 5 * 60_000;
/** Done rows are kept this long for other workers to follow; a model older than that is read again. */
const KEEP_DONE_MS = 60 * 60_000;
/** Clocks of instances differ a little: rows finished this long before the last look are looked at again. */
const CLOCK_SLACK_MS = 60_000;

/** What the web process asks of related work, whether it runs in a thread of its own or in this one. */
export interface RelatedJobs {
  /** Queue films again (film writes queue themselves, in their transaction: migration 2026-12-06-03, decision 048). */
  enqueue(filmIds: number[]): Promise<void>;
  drain(): Promise<void>;
  refreshAudience(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Related films follow film writes through the `related_queue` table (decision 042). Any process adds rows; this
 * worker claims them (FOR UPDATE SKIP LOCKED on PostgreSQL), rewrites the lists they touch and marks them done.
 * Several instances may each run one: before using its model, a worker re-reads the films other workers finished
 * since it last looked, so every model agrees with the database and lists do not depend on which instance wrote them.
 * All work is done in steps with `pause` between them: inside a serving process, no step holds the event loop long.
 */
export class RelatedWorker implements RelatedJobs {
  private model: RelatedModel | undefined;
  /** When the model last agreed with the queue: rows other workers finished after this are re-read. */
  private syncedAt = new Date(0);
  /** Rows of other workers already re-read (kept while within the clock slack). */
  private readonly synced = new Map<number, number>();
  private lastPrune = 0;
  /** Model work in order: drains and audience refreshes never interleave their reads and writes of lists. */
  private chain: Promise<unknown> = Promise.resolve();
  private nextDrain: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    /** Writes the lists; the app's writer retires this process's cached pages at once after each. */
    private readonly writer: Writer,
    private readonly deps: {
      clock: Clock;
      onError: (error: unknown) => void;
      pause?: Pause;
      runner?: string;
    },
  ) {}

  private get runner(): string {
    return this.deps.runner ?? RUNNER;
  }

  private get pause(): Pause {
    return this.deps.pause ?? yieldToEventLoop;
  }

  /**
   * Poll the queue every `everyMs` for rows other processes added (a CLI import, another instance), and read the
   * model now, in steps, so the first edit after a start does not wait for it.
   */
  start(everyMs: number): void {
    const warm = this.chain.then(() => this.currentModel());
    this.chain = warm.catch(this.deps.onError);
    this.timer = setInterval(() => void this.drain().catch(this.deps.onError), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }

  /** Queue films again; `drain` (or the next poll of any worker) works them off. */
  async enqueue(filmIds: number[]): Promise<void> {
    await enqueueFilms(this.db, filmIds, this.deps.clock.now());
  }

  /**
   * Work until the queue is empty. Everything that touches the model runs one after another; a call while a drain
   * waits to start shares it, a call during one queues one more look after it.
   */
  drain(): Promise<void> {
    if (this.nextDrain) return this.nextDrain;
    const run = this.chain.then(async () => {
      this.nextDrain = undefined;
      while (!this.stopped && (await this.step())) {
        // one claim after another until nothing waits
      }
    });
    this.nextDrain = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** One claim's work; false when nothing waited. */
  private async step(): Promise<boolean> {
    const now = this.deps.clock.now();
    if (now.getTime() - this.lastPrune > 60_000) {
      this.lastPrune = now.getTime();
      await pruneDone(this.db, new Date(now.getTime() - KEEP_DONE_MS));
    }
    const waiting = await countWaiting(this.db, now);
    if (waiting === 0) return false;
    const lease = new Date(now.getTime() + LEASE_MS);
    if (waiting > REBUILD_ABOVE) {
      // Many films at once (a large import): one rebuild costs less than following them one by one. Every waiting
      // row is claimed first, so no other worker follows them meanwhile.
      const claimed = await claimQueued(this.db, this.runner, now, lease, waiting + 1000);
      if (claimed.length === 0) return false;
      await this.settle(claimed, async () => {
        const started = this.deps.clock.now();
        const { model } = await rebuildRelated(this.db, { writer: this.writer, pause: this.pause });
        this.model = model;
        this.syncedAt = started;
      });
      return true;
    }
    const claimed = await claimQueued(this.db, this.runner, now, lease, CLAIM_BATCH);
    if (claimed.length === 0) return false;
    await this.settle(claimed, async () => {
      const model = await this.currentModel();
      for (const filmId of new Set(claimed.map((c) => c.filmId))) {
        await applyFilmChange(this.db, this.writer, model, { filmId, kind: 'updated' }, undefined, this.pause);
      }
    });
    return true;
  }

  /** Run `work` for claimed rows; done when it succeeds, given back for a later try when it fails. */
  private async settle(claimed: { id: number }[], work: () => Promise<void>): Promise<void> {
    const ids = claimed.map((c) => c.id);
    try {
      await work();
    } catch (error) {
      await releaseClaimed(this.db, this.runner, ids);
      throw error;
    }
    await finishClaimed(this.db, this.runner, ids, this.deps.clock.now());
  }

  /** The model, read in steps on first use, with the films other workers changed since re-read into it. */
  private async currentModel(): Promise<RelatedModel> {
    const now = this.deps.clock.now();
    if (!this.model || now.getTime() - this.syncedAt.getTime() > KEEP_DONE_MS - CLOCK_SLACK_MS) {
      this.model = undefined;
      this.synced.clear();
      const started = now;
      this.model = await readModel(this.db, undefined, this.pause);
      this.syncedAt = started;
      return this.model;
    }
    const model = this.model;
    const rows = await doneSince(this.db, this.runner, new Date(this.syncedAt.getTime() - CLOCK_SLACK_MS));
    const fresh = rows.filter((r) => !this.synced.has(r.id));
    if (new Set(fresh.map((r) => r.filmId)).size > REBUILD_ABOVE) {
      // Another process rebuilt (or followed a large import): reading the model again costs less than re-reading
      // that many films one by one.
      this.model = undefined;
      this.synced.clear();
      this.model = await readModel(this.db, undefined, this.pause);
      for (const r of fresh) this.synced.set(r.id, Date.parse(r.doneAt));
      this.syncedAt = now;
      return this.model;
    }
    if (fresh.length) {
      const ids = [...new Set(fresh.map((r) => r.filmId))];
      const films = new Map((await loadCorpus(this.db, ids)).map((f) => [f.id, f]));
      for (const id of ids) {
        const film = films.get(id);
        if (film) model.upsert(film);
        else model.remove(id);
      }
      for (const r of fresh) this.synced.set(r.id, Date.parse(r.doneAt));
    }
    const horizon = now.getTime() - 2 * CLOCK_SLACK_MS;
    for (const [id, at] of this.synced) if (at < horizon) this.synced.delete(id);
    this.syncedAt = now;
    return model;
  }

  /** Re-read likes and votes and recompute the lists of films that have any (the scheduled audience refresh). */
  async refreshAudience(): Promise<number> {
    const run = this.chain.then(async () => refreshAudience(this.db, this.writer, await this.currentModel()));
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/**
 * An instance that serves without working the queue (RELATED_WORKER=off, decision 048): it holds no model and runs
 * no related work; its film writes are queued by their own transactions, and another instance's worker (or
 * `reelhouse related --work`) follows them. `drain` waits for that other worker to finish the rows waiting when it
 * was called, looking every `pollMs`, but at most `waitMs`: with no worker running anywhere it gives up and the rows
 * stay queued.
 */
export class QueueOnlyRelatedJobs implements RelatedJobs {
  constructor(
    private readonly db: Db,
    private readonly deps: { clock: Clock; waitMs?: number; pollMs?: number },
  ) {}

  async enqueue(filmIds: number[]): Promise<void> {
    await enqueueFilms(this.db, filmIds, this.deps.clock.now());
  }

  async drain(): Promise<void> {
    const newest = await lastUnfinished(this.db);
    if (newest === undefined) return;
    const until = performance.now() + (this.deps.waitMs ?? 2000);
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, this.deps.pollMs ?? 100));
      const still = await lastUnfinished(this.db, newest);
      if (still === undefined) return;
    }
  }

  /** The instances that work the queue refresh the audience part of the lists; this one has no model to do it with. */
  async refreshAudience(): Promise<number> {
    return 0;
  }

  async stop(): Promise<void> {}
}

/** The newest queue row (at most `upTo`) not done yet, if any. */
async function lastUnfinished(db: Db, upTo?: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('related_queue')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('done_at', 'is', null)
    .$if(upTo !== undefined, (q) => q.where('id', '<=', upTo ?? 0))
    .executeTakeFirst();
  return row?.id == null ? undefined : Number(row.id);
}

/**
 * After a CLI import (CSV, JSON or WordPress): a large one rebuilds every list in this process, as before (taking the
 * rows its films queued, so no worker rebuilds again); a small one works the queue off here (this process serves
 * nothing), so the films have lists when the command ends whether or not a server runs. A running server's worker
 * may take some of the rows first. Each film was queued by the transaction that wrote it (decision 048).
 */
export async function followCliImport(
  db: Db,
  import_: { since: string; changed: number },
  log: (line: string) => void,
): Promise<void> {
  if (import_.changed > REBUILD_ABOVE) {
    await rebuildRelatedWithReport(db, log);
    return;
  }
  const worker = new RelatedWorker(db, uncachedWriter(db), {
    clock: systemClock,
    onError: () => {},
    pause: async () => {},
  });
  await worker.drain();
  log(`Related films: ${import_.changed} films followed.`);
}

/** `reelhouse related --work`: a worker outside the web process works the queue off once; returns the rows done. */
export async function workOffQueue(db: Db): Promise<number> {
  const runner = `cli:${RUNNER}`;
  const worker = new RelatedWorker(db, uncachedWriter(db), { clock: systemClock, onError: () => {}, runner });
  await worker.drain();
  const row = await db
    .selectFrom('related_queue')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('claimed_by', '=', runner)
    .where('done_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
