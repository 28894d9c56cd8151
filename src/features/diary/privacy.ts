import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { entryJson } from './diary.deps.js';
import { allEntriesOf, deleteAllOf } from './diary.repository.js';
import { countWatchlist, listWatchlist } from './watchlist.repository.js';

/**
 * A member's diary and watchlist for "export my data" (the members feature puts it in its JSON and CSV). Votes and
 * likes are exported by their own features, keyed by the member's visitor id.
 */
export async function exportDiaryOf(db: DbOrTx, memberId: number) {
  const total = await countWatchlist(db, memberId);
  const [entries, watchlist] = await Promise.all([
    allEntriesOf(db, memberId),
    listWatchlist(db, memberId, { limit: Math.max(1, total), offset: 0 }),
  ]);
  return {
    diary: entries.map(entryJson),
    watchlist: watchlist.map((f) => ({ film: f.slug, title: f.title, year: f.year, addedAt: f.addedAt })),
  };
}

/**
 * Deletes a member's diary and watchlist inside the account deletion's transaction. Their profile pages depend on
 * `member:<id>`, which the deletion touches. The votes cast with diary ratings are the ratings feature's to erase.
 */
export const eraseDiaryOf = (tx: Tx, memberId: number) => deleteAllOf(tx, memberId);
