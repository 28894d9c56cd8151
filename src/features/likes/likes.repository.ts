import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { setFilmLikeCount } from '../catalog/index.js';

export async function hasLiked(db: DbOrTx, filmId: number, visitorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('film_likes')
    .select('film_id')
    .where('film_id', '=', filmId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts the like unless it exists; true when a row was added. */
export async function insertLike(db: Tx, filmId: number, visitorId: string, ipHash: string, now: string) {
  const rows = await db
    .insertInto('film_likes')
    .values({ film_id: filmId, visitor_id: visitorId, ip_hash: ipHash, created_at: now })
    .onConflict((oc) => oc.columns(['film_id', 'visitor_id']).doNothing())
    .returning('film_id')
    .execute();
  return rows.length > 0;
}

/** Deletes the like if present; true when a row was removed. */
export async function deleteLike(db: Tx, filmId: number, visitorId: string) {
  const rows = await db
    .deleteFrom('film_likes')
    .where('film_id', '=', filmId)
    .where('visitor_id', '=', visitorId)
    .returning('film_id')
    .execute();
  return rows.length > 0;
}

export async function adjustLikeCount(db: Tx, filmId: number, delta: number) {
  await db
    .insertInto('film_like_stats')
    .values({ film_id: filmId, like_count: 0 })
    .onConflict((oc) => oc.column('film_id').doNothing())
    .execute();
  const row = await db
    .updateTable('film_like_stats')
    .set({ like_count: sql`like_count + ${delta}` })
    .where('film_id', '=', filmId)
    .returning('like_count')
    .executeTakeFirstOrThrow();
  // The "most liked" sort reads the count from the film's row, in this same transaction (decision 041).
  await setFilmLikeCount(db, filmId, row.like_count);
}

// Every film page reads it: prepared once (src/db/prepared-query.ts).
const likeCountOfFilm = preparedQuery((db: DbOrTx, filmId: number) =>
  db.selectFrom('film_like_stats').select('like_count').where('film_id', '=', filmId),
);

export async function findLikeCount(db: DbOrTx, filmId: number): Promise<number> {
  const [row] = await likeCountOfFilm(db, filmId);
  return row?.like_count ?? 0;
}

/** The films one visitor likes (the page cache's per-visitor lookup; indexed by visitor). */
export async function likesOfVisitor(db: DbOrTx, visitorId: string): Promise<Set<number>> {
  const rows = await db.selectFrom('film_likes').select('film_id').where('visitor_id', '=', visitorId).execute();
  return new Set(rows.map((r) => r.film_id));
}
