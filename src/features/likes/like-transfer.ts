import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { adjustLikeCount } from './likes.repository.js';

/**
 * Moves every like of `from` to `to` (a guest's history claimed by a member: decision 026), by UPDATE. A film both
 * liked keeps one like: the guest's is deleted and the film's count goes down by one, so it counts once. Returns how
 * many likes now belong to `to` that did not before.
 */
export async function transferLikes(uow: UnitOfWork, from: string, to: string): Promise<number> {
  const { tx } = uow;
  const both = await tx
    .selectFrom('film_likes as guest')
    .innerJoin('film_likes as member', 'member.film_id', 'guest.film_id')
    .select('guest.film_id')
    .where('guest.visitor_id', '=', from)
    .where('member.visitor_id', '=', to)
    .execute();
  for (const { film_id } of both) {
    await tx.deleteFrom('film_likes').where('film_id', '=', film_id).where('visitor_id', '=', from).execute();
    await adjustLikeCount(tx, film_id, -1);
    uow.touched(`film:${film_id}`);
    uow.touched('likes');
  }
  const moved = await tx
    .updateTable('film_likes')
    .set({ visitor_id: to })
    .where('visitor_id', '=', from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/** Deletes every like of one visitor (a member deleting their account with its content); counts follow. */
export async function eraseLikesOf(uow: UnitOfWork, visitorId: string): Promise<number> {
  const likes = await uow.tx
    .deleteFrom('film_likes')
    .where('visitor_id', '=', visitorId)
    .returning('film_id')
    .execute();
  for (const { film_id } of likes) {
    await adjustLikeCount(uow.tx, film_id, -1);
    uow.touched(`film:${film_id}`);
    uow.touched('likes');
  }
  return likes.length;
}

/** One visitor's likes with their films, for a member's own data export. */
export async function likesForExport(db: DbOrTx, visitorId: string) {
  const rows = await db
    .selectFrom('film_likes')
    .innerJoin('films', 'films.id', 'film_likes.film_id')
    .select(['films.slug', 'films.title', 'film_likes.created_at'])
    .where('film_likes.visitor_id', '=', visitorId)
    .orderBy('film_likes.created_at')
    .execute();
  return rows.map((r) => ({ film: r.slug, title: r.title, likedAt: r.created_at }));
}
