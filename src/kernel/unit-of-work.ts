import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/database.js';
import { createGroupCommit, type GroupCommit, inTransaction } from '../db/group-commit.js';
import { recordChanges } from '../db/site-state.js';

/** An open transaction. Functions that must run inside one say so in their type, rather than checking at run time. */
export type Tx = Transaction<Database>;

/**
 * What a write changed, named by the content key of the cached pages that show it (docs/decisions/022). Broad keys:
 * `catalog` (films, terms, people, related lists: every page's chrome and lists), `engagement` (votes and likes in
 * bulk, e.g. an import), `comments` (comments in bulk: moderation, erasure), `settings`. Narrow keys: `film:<id>`
 * (that film's page), `ratings` (pages ranked or scored by rating), `likes` (lists sorted by likes), `member:<id>`
 * (that member's sessions and name: a signed-out or renamed member is read again, docs/decisions/026), `profile:<id>`
 * (that member's watchlist and diary: their profile and diary pages, and their own watchlist buttons, decision 033), `list:<id>`
 * (that list's page), `member-lists:<id>` (a member's lists index), `site-lists` (the site's lists: home page shelves).
 */
/**
 * `discussion`: a comment went public on some film page; pages that rank films by talk (home) follow it.
 * `activity`: an item joined the activity feed (or came back to it: a restored member, a profile made public).
 */
export type ContentKey =
  | 'catalog'
  | 'engagement'
  | 'comments'
  | 'discussion'
  | 'settings'
  | 'ratings'
  | 'likes'
  | 'activity'
  | `film:${number}`
  | `member:${number}`
  | `profile:${number}`
  | `list:${number}`
  | `member-lists:${number}`
  | 'site-lists';

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
    /**
     * Pages showing `keys` rendered before change `seq` are stale from now on (this process; others read the change
     * log).
     */
    invalidate(seq: number, keys: readonly ContentKey[]): void;
    /** An after-commit effect failed: the write itself stands, so this is logged, not thrown. */
    effectFailed(error: unknown): void;
  },
): Writer {
  const grouped = createGroupCommit(db);
  const run = async <T>(via: GroupCommit, work: (uow: UnitOfWork) => Promise<T>): Promise<T> => {
    // Fresh per attempt: a grouped unit re-run alone must not inherit what a rolled-back attempt recorded.
    let touched = new Set<ContentKey>();
    let effects: Array<() => Promise<void> | void> = [];
    let seq = 0;
    const result = await via(async (tx) => {
      touched = new Set();
      effects = [];
      const value = await work({ tx, touched: (key) => touched.add(key), afterCommit: (e) => effects.push(e) });
      if (touched.size > 0) seq = await recordChanges(tx, [...touched].sort());
      return value;
    });
    if (touched.size > 0) hooks.invalidate(seq, [...touched]);
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
