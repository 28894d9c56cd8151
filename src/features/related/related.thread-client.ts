import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DatabaseTarget } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { enqueueFilms } from './related.queue.js';
import type { RelatedThreadData, RelatedThreadReply, RelatedThreadRequest } from './related.thread.js';
import type { RelatedJobs } from './related.worker.js';

/**
 * The compiled thread entry beside the compiled server (dist/related-thread.js next to dist/cli.js). Running from the
 * TypeScript sources (tests) there is none, and the app keeps the worker in its own thread, working in steps.
 */
export function relatedThreadFile(): URL | undefined {
  const file = new URL('./related-thread.js', import.meta.url);
  return import.meta.url.endsWith('/cli.js') && fs.existsSync(fileURLToPath(file)) ? file : undefined;
}

/**
 * The web process's side of the related worker thread (decision 042): rows are queued from here (one INSERT), the
 * thread claims and works them with its own database connection and model. `drain` asks the thread to work the queue
 * off now and resolves when it has; `onWritten` then lets this process's page cache look at the change log at once.
 */
export class RelatedThreadClient implements RelatedJobs {
  private readonly thread: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  constructor(
    private readonly db: Db,
    file: URL,
    data: RelatedThreadData,
    private readonly deps: { clock: Clock; onError: (error: unknown) => void; onWritten: () => void },
  ) {
    this.thread = new Worker(file, { workerData: data satisfies { database: DatabaseTarget; pollMs: number } });
    this.thread.unref();
    this.thread.on('message', (reply: RelatedThreadReply) => {
      if ('error' in reply) {
        this.deps.onError(new Error(reply.error));
        return;
      }
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.message));
    });
    this.thread.on('error', (error) => this.deps.onError(error));
    this.thread.on('exit', () => {
      this.exited = true;
      for (const pending of this.waiting.values()) pending.reject(new Error('the related-films thread stopped'));
      this.waiting.clear();
    });
  }

  private ask(op: RelatedThreadRequest['op']): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('the related-films thread stopped'));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread.postMessage({ id, op } satisfies RelatedThreadRequest);
    });
  }

  async enqueue(filmIds: number[]): Promise<void> {
    await enqueueFilms(this.db, filmIds, this.deps.clock.now());
  }

  async drain(): Promise<void> {
    await this.ask('drain');
    this.deps.onWritten();
  }

  async refreshAudience(): Promise<number> {
    const n = Number(await this.ask('refreshAudience'));
    this.deps.onWritten();
    return n;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    await this.ask('stop').catch(() => undefined);
    await this.thread.terminate();
  }
}
