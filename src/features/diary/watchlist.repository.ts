import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import type { WatchlistFilmRow } from './diary.types.js';

/** Adds the film unless it is there; true when a row was added. */
export async function insertWatchlistItem(tx: Tx, memberId: number, filmId: number, now: string): Promise<boolean> {
  const rows = await tx
    .insertInto('watchlist_items')
    .values({ member_id: memberId, film_id: filmId, created_at: now })
    .onConflict((oc) => oc.columns(['member_id', 'film_id']).doNothing())
    .returning('film_id')
    .execute();
  return rows.length > 0;
}

/** Removes the film if it is there; true when a row was removed. */
export async function deleteWatchlistItem(tx: Tx, memberId: number, filmId: number): Promise<boolean> {
  const rows = await tx
    .deleteFrom('watchlist_items')
    .where('member_id', '=', memberId)
    .where('film_id', '=', filmId)
    .returning('film_id')
    .execute();
  return rows.length > 0;
}

export async function isOnWatchlist(db: DbOrTx, memberId: number, filmId: number): Promise<boolean> {
  const row = await db
    .selectFrom('watchlist_items')
    .select('film_id')
    .where('member_id', '=', memberId)
    .where('film_id', '=', filmId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The film ids on a member's watchlist, found by the member's visitor id: what the page cache's per-visitor look-up
 * has in hand (docs/decisions/022). One indexed join.
 */
export async function watchlistOfMemberVisitor(db: DbOrTx, visitorId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('watchlist_items')
    .innerJoin('members', 'members.id', 'watchlist_items.member_id')
    .select('watchlist_items.film_id')
    .where('members.visitor_id', '=', visitorId)
    .execute();
  return new Set(rows.map((r) => r.film_id));
}

export async function listWatchlist(
  db: DbOrTx,
  memberId: number,
  page: { limit: number; offset: number },
): Promise<WatchlistFilmRow[]> {
  return db
    .selectFrom('watchlist_items as w')
    .innerJoin('films as f', 'f.id', 'w.film_id')
    .select([
      'f.id as filmId',
      'f.slug',
      'f.title',
      'f.year',
      'f.synopsis',
      'f.poster_key as posterKey',
      'w.created_at as addedAt',
    ])
    .where('w.member_id', '=', memberId)
    .orderBy('w.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute() as Promise<WatchlistFilmRow[]>;
}

export async function countWatchlist(db: DbOrTx, memberId: number): Promise<number> {
  const row = await db
    .selectFrom('watchlist_items')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
