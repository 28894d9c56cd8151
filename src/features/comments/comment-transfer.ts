import type { DbOrTx } from '../../db/database.js';
import type { Tx, UnitOfWork } from '../../kernel/unit-of-work.js';
import { recountCommentDays } from './comment-days.repository.js';

/**
 * Moves every comment written from visitor `from` to visitor `to` (a guest's history claimed by a member: decision
 * 026), by UPDATE. What a comment shows (name, text, status) does not change, so no public page does. Returns how
 * many moved.
 */
export async function transferComments(tx: Tx, from: string, to: string): Promise<number> {
  const moved = await tx
    .updateTable('comments')
    .set({ visitor_id: to })
    .where('visitor_id', '=', from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/**
 * Hides (or shows again) every comment written from one visitor id: a member suspended or restored (decision 026).
 * Their statuses are kept. Returns how many changed.
 */
export async function setCommentsHiddenOf(uow: UnitOfWork, visitorId: string, hidden: boolean): Promise<number> {
  const changed = await uow.tx
    .updateTable('comments')
    .set({ author_hidden: hidden ? 1 : 0 })
    .where('visitor_id', '=', visitorId)
    .where('author_hidden', '=', hidden ? 0 : 1)
    .returning(['film_id', 'created_at'])
    .execute();
  await recountCommentDays(uow.tx, changed);
  const n = changed.length;
  if (n > 0) uow.touched('comments');
  return n;
}

/** Erases every comment written from one visitor id: a member who deleted their account with its content. */
export async function deleteCommentsOf(uow: UnitOfWork, visitorId: string): Promise<number> {
  // Replies of others stay: they lose their parent like replies to an erased commenter's comments do.
  const rows = await uow.tx
    .deleteFrom('comments')
    .where('visitor_id', '=', visitorId)
    .returning(['film_id', 'created_at'])
    .execute();
  await recountCommentDays(uow.tx, rows);
  if (rows.length > 0) uow.touched('comments');
  return rows.length;
}

/** Keeps the comments of a deleted account, with the author shown as `name` and their contact details dropped. */
export async function anonymiseCommentsOf(uow: UnitOfWork, visitorId: string, name: string, now: Date) {
  const rows = await uow.tx
    .updateTable('comments')
    .set({
      author_name: name,
      author_email: '',
      author_url: null,
      ip_hash: null,
      user_agent: null,
      updated_at: now.toISOString(),
    })
    .where('visitor_id', '=', visitorId)
    .returning('id')
    .execute();
  if (rows.length > 0) uow.touched('comments');
  return rows.length;
}

/** The comments written from one visitor id, for a member's own data export (on a list: no film, its list id). */
export function commentsOfVisitor(db: DbOrTx, visitorId: string) {
  return db
    .selectFrom('comments')
    .leftJoin('films', 'films.id', 'comments.film_id')
    .select([
      'comments.id',
      'films.slug as film_slug',
      'comments.list_id',
      'comments.parent_id',
      'comments.author_name',
      'comments.body',
      'comments.status',
      'comments.created_at',
    ])
    .where('comments.visitor_id', '=', visitorId)
    .orderBy('comments.id')
    .execute();
}

/** Deletes every comment on a list, whatever its status, inside the list's deletion (features/lists); none has a film. */
export async function deleteListComments(tx: Tx, listId: number): Promise<number> {
  const rows = await tx.deleteFrom('comments').where('list_id', '=', listId).returning('id').execute();
  return rows.length;
}
