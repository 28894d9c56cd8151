import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

export interface FeedbackRow {
  id: number;
  comment_id: number | null;
  is_spam: number;
  features: string;
  feature_bits: number;
}

export async function insertFeedback(
  db: DbOrTx,
  rows: Array<{ commentId: number; isSpam: boolean; features: Uint32Array; bits: number }>,
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('spam_feedback')
    .values(
      rows.map((r) => ({
        comment_id: r.commentId,
        is_spam: r.isSpam ? 1 : 0,
        features: Buffer.from(r.features.buffer, r.features.byteOffset, r.features.byteLength).toString('base64'),
        feature_bits: r.bits,
        created_at: now,
      })),
    )
    .execute();
}

/** Every decision, oldest first: the order they are replayed in, the same on every instance. */
export async function listFeedback(db: DbOrTx, limit: number): Promise<FeedbackRow[]> {
  const newest = await db.selectFrom('spam_feedback').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return newest.reverse();
}

/** A cheap fingerprint of the feedback table: it changes whenever a decision is added or removed. */
export async function feedbackStamp(db: DbOrTx): Promise<string> {
  const row = await db
    .selectFrom('spam_feedback')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('last')])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}:${row.last === null ? 0 : Number(row.last)}`;
}

/** Count one more use of a form token and answer how many uses it now has. */
export async function recordFormTokenUse(db: DbOrTx, tokenHash: string, now: string): Promise<number> {
  const row = await db
    .insertInto('spam_form_tokens')
    .values({ token_hash: tokenHash, uses: 1, last_used_at: now })
    .onConflict((oc) =>
      oc.column('token_hash').doUpdateSet({ uses: sql`spam_form_tokens.uses + 1`, last_used_at: now }),
    )
    .returning('uses')
    .executeTakeFirstOrThrow();
  return Number(row.uses);
}

export async function purgeFormTokens(db: DbOrTx, before: string): Promise<number> {
  const rows = await db
    .deleteFrom('spam_form_tokens')
    .where('last_used_at', '<', before)
    .returning('token_hash')
    .execute();
  return rows.length;
}

/** Earlier comments with the same normalised body (any film, anyone) since `since`, newest first. */
export async function findSameBody(db: DbOrTx, bodyHash: string, since: string, limit: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'status'])
    .where('body_hash', '=', bodyHash)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Comments since `since` from one visitor and from one network, all films together, counted up to `cap`: the check
 * only needs to know whether a limit is reached, and a capped count stays cheap however busy a network is.
 */
export async function countCommentsSince(
  db: DbOrTx,
  who: { visitorId: string | null; ipHash: string },
  since: string,
  cap: number,
) {
  const count = async (column: 'visitor_id' | 'ip_hash', value: string | null) => {
    if (!value) return 0;
    const recent = db
      .selectFrom('comments')
      .select('id')
      .where(column, '=', value)
      .where('created_at', '>=', since)
      .limit(cap)
      .as('recent');
    const row = await db
      .selectFrom(recent)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [visitor, network] = await Promise.all([count('visitor_id', who.visitorId), count('ip_hash', who.ipHash)]);
  return { visitor, network };
}
