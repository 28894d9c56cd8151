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
  rows: Array<{ commentId: number | null; isSpam: boolean; features: Uint32Array; bits: number }>,
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

export interface RecentActivity {
  /** This visitor's comments in the flood window, counted up to the cap. */
  visitor: number;
  /** This network's comments in the flood window, counted up to the cap. */
  network: number;
  /** Comments with the same normalised body in the duplicate window, up to the cap (0 when not asked). */
  same: number;
  /** One of those that is marked spam, if any. */
  spamId: number | null;
}

/**
 * What the database knows about a new comment's sender and text, in one statement of scalar subqueries: a comment
 * POST pays one round trip for the duplicate and flood checks together. Counts stop at `cap`: the checks only need
 * to know whether a limit is reached, and a capped count stays cheap however busy a network is.
 */
export async function recentActivity(
  db: DbOrTx,
  q: {
    visitorId: string | null;
    ipHash: string;
    floodSince: string;
    bodyHash: string | null;
    duplicateSince: string;
    cap: number;
  },
): Promise<RecentActivity> {
  // A tagged template rather than the query builder: this runs on every comment POST, and building and compiling
  // this tree of subqueries cost more than running it. Still one parameterised statement, the same on both
  // databases; a null visitor or body hash matches no row (= NULL is never true), so its count is 0.
  const result = await sql<{
    visitor: number | string;
    network: number | string;
    same: number | string;
    spam_id: number | null;
  }>`
    select
      (select count(*) from (select id from comments where visitor_id = ${q.visitorId} and created_at >= ${q.floodSince} limit ${q.cap}) as v) as visitor,
      (select count(*) from (select id from comments where ip_hash = ${q.ipHash} and created_at >= ${q.floodSince} limit ${q.cap}) as n) as network,
      (select count(*) from (select id from comments where body_hash = ${q.bodyHash} and created_at >= ${q.duplicateSince} limit ${q.cap}) as b) as same,
      (select min(id) from comments where body_hash = ${q.bodyHash} and created_at >= ${q.duplicateSince} and status = 'spam') as spam_id
  `.execute(db);
  const row = result.rows[0]!;
  return {
    visitor: Number(row.visitor),
    network: Number(row.network),
    same: Number(row.same),
    spamId: row.spam_id === null ? null : Number(row.spam_id),
  };
}

/**
 * Of these comments, the ones the filter had held (a spam score at or above the "uncertain" threshold when posted),
 * with what a lesson is learnt from.
 */
export async function findHeldBySpamScore(db: DbOrTx, ids: number[], minScore: number) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'body', 'author_name', 'author_url'])
    .where('id', 'in', ids)
    .where('spam_score', '>=', minScore)
    .orderBy('id')
    .execute();
}
