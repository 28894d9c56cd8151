import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/database.js';
import { createGroupCommit, type GroupCommit, inTransaction } from '../db/group-commit.js';
import { bumpVersion } from '../db/site-state.js';

/** An open transaction. Functions that must run inside one say so in their type, rather than checking at run time. */
export type Tx = Transaction<Database>;

/**
 * What a write changed, named by the version key of the cached pages that show it (db/site-state.ts): `catalog`
 * (films, terms, people, related lists), `engagement` (votes, likes), `comments` (approved comments), `settings`.
 */
export type ContentKey = 'catalog' | 'engagement' | 'comments' | 'settings';

/** One write as its work sees it: the transaction, and the two things to say about it. */
export interface UnitOfWork {
  tx: Tx;
  /** This write changed what pages showing `key` display: they are retired once it commits. */
  touched(key: ContentKey): void;
  /** Runs after the commit (derived data such as related films, notifications); never when the write fails. */
  afterCommit(effect: () => Promise<void> | void): void;
}

export interface Writer {
  /** Runs `work` in a transaction of its own; bumps what it touched in that transaction; invalidates after commit. */
  write<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /**
   * The same, but committed together with other writes that arrive at the same moment (votes, likes, comments:
   * decision 014). `work` may run twice (a failed batch is re-run one unit at a time), so it touches only the database.
   */
  writeGrouped<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

/**
 * The one way to write (docs/architecture.md, "one unit of work per write"): a transaction, the content keys it
 * touched, and invalidation after commit, in one place instead of by hand at every call site.
 */
export function createWriter(
  db: Db,
  hooks: {
    /** Pages rendered before the commit are stale from now on (this process; others read the bumped versions). */
    invalidate(): void;
    /** An after-commit effect failed: the write itself stands, so this is logged, not thrown. */
    effectFailed(error: unknown): void;
  },
): Writer {
  const grouped = createGroupCommit(db);
  const run = async <T>(via: GroupCommit, work: (uow: UnitOfWork) => Promise<T>): Promise<T> => {
    // Fresh per attempt: a grouped unit re-run alone must not inherit what a rolled-back attempt recorded.
    let touched = new Set<ContentKey>();
    let effects: Array<() => Promise<void> | void> = [];
    const result = await via(async (tx) => {
      touched = new Set();
      effects = [];
      const value = await work({ tx, touched: (key) => touched.add(key), afterCommit: (e) => effects.push(e) });
      for (const key of [...touched].sort()) await bumpVersion(tx, key);
      return value;
    });
    if (touched.size > 0) hooks.invalidate();
    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        hooks.effectFailed(error);
      }
    }
    return result;
  };
  const alone = inTransaction(db);
  return {
    write: (work) => run(alone, work),
    writeGrouped: (work) => run(grouped, work),
  };
}
