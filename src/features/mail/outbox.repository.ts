import { type Insertable, sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/database.js';
import { claimableRows } from '../../db/dialect/index.js';
import type { MailOutboxTable, OutboxStatus } from './mail.table.js';

export type OutboxRow = {
  id: number;
  kind: string;
  recipient: string;
  message_id: string;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  headers: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

export async function insertOutbox(db: DbOrTx, row: Insertable<MailOutboxTable>): Promise<number> {
  const { id } = await db.insertInto('mail_outbox').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * Claims up to `limit` due messages for the worker holding `token`, in one statement: queued ones whose time has
 * come, and `sending` ones whose claimant's lease ran out (it stopped mid-way). Each claim counts as an attempt.
 */
export async function claimDue(db: Db, token: string, now: string, leaseUntil: string, limit: number) {
  const due = claimableRows(
    db
      .selectFrom('mail_outbox')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit),
    db,
  );
  return db
    .updateTable('mail_outbox')
    .set({ status: 'sending', claim_token: token, lease_until: leaseUntil, attempts: sql`attempts + 1` })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** The outcome of a send, recorded only by the worker that still holds the claim. */
export async function settle(
  db: Db,
  id: number,
  token: string,
  outcome:
    | { status: 'sent'; at: string }
    | { status: 'queued'; nextAttemptAt: string; error: string }
    | { status: 'failed'; error: string },
): Promise<boolean> {
  // Sent or given up: what stays is who, when and what kind (the privacy page says so).
  const forget = { subject: null, body_text: null, body_html: null, headers: null };
  const set =
    outcome.status === 'sent'
      ? { ...forget, status: 'sent' as const, sent_at: outcome.at, last_error: null }
      : outcome.status === 'failed'
        ? { ...forget, status: 'failed' as const, last_error: outcome.error }
        : { status: 'queued' as const, next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error };
  const result = await db
    .updateTable('mail_outbox')
    .set({ ...set, claim_token: null, lease_until: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteOlderThan(db: DbOrTx, before: string): Promise<number> {
  const result = await db
    .deleteFrom('mail_outbox')
    .where('created_at', '<', before)
    .where('status', 'in', ['sent', 'failed'])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function selectLog(db: DbOrTx, limit: number) {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'recipient', 'status', 'attempts', 'created_at', 'sent_at', 'next_attempt_at', 'last_error'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countByStatus(db: DbOrTx): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export function selectByRecipient(db: DbOrTx, recipient: string) {
  return db
    .selectFrom('mail_outbox')
    .select(['kind', 'status', 'created_at', 'sent_at'])
    .where('recipient', '=', recipient)
    .orderBy('id')
    .execute();
}

export async function deleteByRecipient(db: DbOrTx, recipient: string): Promise<number> {
  const result = await db.deleteFrom('mail_outbox').where('recipient', '=', recipient).executeTakeFirst();
  return Number(result.numDeletedRows);
}
