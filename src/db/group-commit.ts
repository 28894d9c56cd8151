import type { Transaction } from 'kysely';
import type { Database, Db } from './database.js';

type Tx = Transaction<Database>;

/** Runs a unit of work in a transaction, possibly shared with other units that arrived at the same moment. */
export type GroupCommit = <T>(work: (trx: Tx) => Promise<T>) => Promise<T>;

interface Waiting {
  work: (trx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the units of work (a vote, a like, a comment) submitted while the event loop is busy run one after
 * another in one transaction when it next turns. A commit is the dearest part of a small write (on SQLite every
 * commit appends each page it touched to the WAL, one or two system calls a page, plus the file locks; on PostgreSQL
 * it waits for a WAL flush), and ten writes committed together cost about what two cost alone (decision 014).
 * Units run in the order they came, so a later one sees an earlier one's rows. A batch that fails is rolled back
 * and its units are run again one transaction each, so one bad unit fails only its own request; a unit must therefore
 * touch nothing but the database.
 */
export function createGroupCommit(db: Db, maxBatch = 64): GroupCommit {
  let queue: Waiting[] = [];
  // True from the moment a flush is scheduled until its loop finds the queue empty: units submitted while a batch is
  // being committed wait for the next round of the same loop.
  let flushing = false;

  const runAlone = async (w: Waiting) => {
    try {
      w.resolve(await db.transaction().execute((trx) => w.work(trx)));
    } catch (error) {
      w.reject(error);
    }
  };

  const flush = async () => {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      if (batch.length === 1) {
        await runAlone(batch[0]!);
        continue;
      }
      let results: unknown[];
      try {
        results = await db.transaction().execute(async (trx) => {
          const out: unknown[] = [];
          for (const w of batch) out.push(await w.work(trx));
          return out;
        });
      } catch {
        for (const w of batch) await runAlone(w);
        continue;
      }
      for (const [i, w] of batch.entries()) w.resolve(results[i]);
    }
    flushing = false;
  };

  return <T>(work: (trx: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
}

/** Each unit in a transaction of its own: for callers (scripts, tests) that have no shared group commit. */
export const inTransaction =
  (db: Db): GroupCommit =>
  (work) =>
    db.transaction().execute((trx) => work(trx));
