// The related-films worker in a thread of its own (decision 042): the serving process starts this file with
// `new Worker(...)` (see related.thread-client.ts). The model and its garbage live in this thread's heap, so neither
// building it nor its garbage collections pause the web process's event loop. Built to dist/related-thread.js.
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { DatabaseTarget } from '../../config.js';
import { createDb } from '../../db/create-db.js';
import { systemClock } from '../../lib/clock.js';
import { uncachedWriter } from './related.service.js';
import { RelatedWorker } from './related.worker.js';

export interface RelatedThreadData {
  database: DatabaseTarget;
  pollMs: number;
}

export type RelatedThreadRequest = { id: number; op: 'drain' | 'refreshAudience' | 'stop' };
export type RelatedThreadReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; message: string }
  | { id: 0; error: string };

/**
 * This thread's own scheduling priority, lowered (decision 048): on a busy machine the web thread and this one take
 * turns on the same cores, and a request waited behind a build (event-loop gaps of 54–252 ms while an edit was
 * followed, against 13–29 ms with no related work). Linux gives each thread its own nice value, and
 * /proc/thread-self names this thread's id; elsewhere the thread keeps the process's priority.
 */
export function lowerThisThreadsPriority(): boolean {
  try {
    const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId === process.pid) return false;
    os.setPriority(threadId, os.constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}

const port = parentPort;
if (port) {
  lowerThisThreadsPriority();
  const { database, pollMs } = workerData as RelatedThreadData;
  const db = createDb(database);
  const reportError = (error: unknown) =>
    port.postMessage({ id: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  // No pauses: this thread serves nothing, its own loop only carries the requests below between runs.
  const worker = new RelatedWorker(db, uncachedWriter(db), {
    clock: systemClock,
    onError: reportError,
    pause: async () => {},
  });
  if (pollMs > 0) worker.start(pollMs);
  port.on('message', (request: RelatedThreadRequest) => {
    const run =
      request.op === 'drain'
        ? worker.drain()
        : request.op === 'refreshAudience'
          ? worker.refreshAudience()
          : worker.stop().then(() => db.destroy());
    run.then(
      (result) => port.postMessage({ id: request.id, ok: true, result: result ?? null } satisfies RelatedThreadReply),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies RelatedThreadReply),
    );
  });
}
