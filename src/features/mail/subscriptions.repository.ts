import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

export function findSubscriberByEmail(db: DbOrTx, email: string) {
  return db.selectFrom('mail_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findSubscriberById(db: DbOrTx, id: number) {
  return db.selectFrom('mail_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The subscriber row of an address, created (unconfirmed) if it has none; concurrent askers end with one row. */
export async function ensureSubscriber(db: DbOrTx, email: string, now: string) {
  await db
    .insertInto('mail_subscribers')
    .values({ email, created_at: now, confirm_hash: null, confirm_sent_at: null, confirmed_at: null })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return db.selectFrom('mail_subscribers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

export async function setConfirmation(db: DbOrTx, id: number, confirmHash: string, now: string) {
  await db
    .updateTable('mail_subscribers')
    .set({ confirm_hash: confirmHash, confirm_sent_at: now })
    .where('id', '=', id)
    .execute();
}

export function findByConfirmHash(db: DbOrTx, confirmHash: string) {
  return db.selectFrom('mail_subscribers').selectAll().where('confirm_hash', '=', confirmHash).executeTakeFirst();
}

export async function markConfirmed(db: DbOrTx, id: number, now: string) {
  await db
    .updateTable('mail_subscribers')
    .set({ confirmed_at: now, confirm_hash: null })
    .where('id', '=', id)
    .execute();
}

export async function addSubscription(db: DbOrTx, subscriberId: number, commentId: number, now: string) {
  await db
    .insertInto('reply_subscriptions')
    .values({ subscriber_id: subscriberId, comment_id: commentId, created_at: now })
    .onConflict((oc) => oc.columns(['subscriber_id', 'comment_id']).doNothing())
    .execute();
}

export async function deleteSubscription(db: DbOrTx, subscriberId: number, commentId: number) {
  const result = await db
    .deleteFrom('reply_subscriptions')
    .where('subscriber_id', '=', subscriberId)
    .where('comment_id', '=', commentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSubscriber(db: DbOrTx, id: number) {
  const result = await db.deleteFrom('mail_subscribers').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Confirmed subscribers to replies under `commentId`. */
export function confirmedSubscribersOf(db: DbOrTx, commentId: number) {
  return db
    .selectFrom('reply_subscriptions')
    .innerJoin('mail_subscribers', 'mail_subscribers.id', 'reply_subscriptions.subscriber_id')
    .select(['mail_subscribers.id', 'mail_subscribers.email'])
    .where('reply_subscriptions.comment_id', '=', commentId)
    .where('mail_subscribers.confirmed_at', 'is not', null)
    .execute();
}

/** Records that a reply was mailed about; false when it already was. */
export async function claimReplyNotice(db: DbOrTx, replyId: number, now: string): Promise<boolean> {
  const rows = await db
    .insertInto('reply_notices')
    .values({ reply_id: replyId, created_at: now })
    .onConflict((oc) => oc.column('reply_id').doNothing())
    .returning('reply_id')
    .execute();
  return rows.length === 1;
}

/** Reply mails queued to an address since `since` (the daily cap), whatever became of them. */
export async function countRecentMail(db: DbOrTx, recipient: string, kind: string, since: string) {
  const row = await db
    .selectFrom('mail_outbox')
    .select(sql<number>`count(*)`.as('n'))
    .where('recipient', '=', recipient)
    .where('kind', '=', kind)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function subscriptionsOfEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('mail_subscribers')
    .leftJoin('reply_subscriptions', 'reply_subscriptions.subscriber_id', 'mail_subscribers.id')
    .select([
      'mail_subscribers.created_at',
      'mail_subscribers.confirmed_at',
      'reply_subscriptions.comment_id',
      'reply_subscriptions.created_at as subscribed_at',
    ])
    .where('mail_subscribers.email', '=', email)
    .execute();
}

export async function deleteSubscriberByEmail(db: DbOrTx, email: string) {
  const result = await db.deleteFrom('mail_subscribers').where('email', '=', email).executeTakeFirst();
  return Number(result.numDeletedRows);
}
