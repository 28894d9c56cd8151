import type { Db } from '../../db/database.js';
import { bumpVersion } from '../../db/site-state.js';
import { insertComment } from './comments.repository.js';
import type { CommentTable } from './comments.table.js';

export type NewCommentRow = Omit<CommentTable, 'id'>;

/** Stores new comments; resolves with the id once the row is committed. */
export type CommentWriter = (row: NewCommentRow) => Promise<number>;

/** The content-version key that approved comments move (public pages show them). */
export const COMMENTS_VERSION = 'comments';

interface Waiting {
  row: NewCommentRow;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

async function insertAll(db: Db, rows: NewCommentRow[]): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    // One row at a time, not one multi-row insert: neither database promises RETURNING in VALUES order.
    for (const row of rows) ids.push(await insertComment(trx, row));
    if (rows.some((row) => row.status === 'approved')) await bumpVersion(trx, COMMENTS_VERSION);
    return ids;
  });
}

/**
 * Group commit: the comments posted while the event loop is busy are stored together, in one transaction, when it
 * next turns. A commit is the dearest part of a comment POST (on SQLite every commit appends each page it touched to
 * the WAL, one system call or two per page, plus the file locks; on PostgreSQL it waits for a WAL flush), and ten
 * comments committed together cost about what two cost alone. Nobody waits longer than one turn of the event loop,
 * and every poster still learns the outcome of their own row: a batch that fails is retried row by row, so one bad
 * row (a film deleted meanwhile, say) fails only its own request.
 */
export function createCommentWriter(db: Db, maxBatch = 64): CommentWriter {
  let queue: Waiting[] = [];
  // True from the moment a flush is scheduled until its loop finds the queue empty: rows posted while a batch is being
  // committed wait for the next round of the same loop.
  let flushing = false;

  const flush = async () => {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const ids = await insertAll(
          db,
          batch.map((w) => w.row),
        );
        for (const [i, w] of batch.entries()) w.resolve(ids[i]!);
      } catch (batchError) {
        if (batch.length === 1) {
          batch[0]!.reject(batchError);
          continue;
        }
        for (const w of batch) {
          try {
            const [id] = await insertAll(db, [w.row]);
            w.resolve(id!);
          } catch (error) {
            w.reject(error);
          }
        }
      }
    }
    flushing = false;
  };

  return (row) =>
    new Promise<number>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
}
