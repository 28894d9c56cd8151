import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { countWatchlist, deleteWatchlistItem, insertWatchlistItem, listWatchlist } from './watchlist.repository.js';

/**
 * Put a film on a member's watchlist or take it off; idempotent. A change retires the member's profile (it may show
 * the list) and moves the change number, so the member's next page shows the button in its new state (decision 022).
 */
export async function setWatchlisted(
  uow: UnitOfWork,
  memberId: number,
  filmId: number,
  listed: boolean,
  now: Date,
): Promise<{ listed: boolean; changed: boolean }> {
  const changed = listed
    ? await insertWatchlistItem(uow.tx, memberId, filmId, now.toISOString())
    : await deleteWatchlistItem(uow.tx, memberId, filmId);
  if (changed) uow.touched(`profile:${memberId}`);
  return { listed, changed };
}

/** One page of a member's watchlist, newest first, with the total. */
export async function watchlistPage(db: DbOrTx, memberId: number, requested: number, size: number) {
  const total = await countWatchlist(db, memberId);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pageCount);
  const films = await listWatchlist(db, memberId, { limit: size, offset: (page - 1) * size });
  return { films, total, page, pageCount };
}
