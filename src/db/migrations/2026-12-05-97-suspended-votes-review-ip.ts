import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A suspended member's votes no longer count (features/ratings setMemberVotesCounted): members suspended before
// this release still had theirs in the aggregates. Each such vote is held (`counted = 0`, like a vote over the
// ballot-stuffing cap) and taken out of its film's totals, histogram, half-star buckets and members' share; restoring
// the member counts them again. Few rows (suspensions are rare), so one small update per vote, same on both dialects.
//
// Also an index for the reviews' network flood limit (features/reviews/review-flood.ts): new reviews from one IP hash
// in the last minute, counted on every review written from the form or the API.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('reviews_ip_created').on('reviews').columns(['ip_hash', 'created_at']).execute();
  const votes: Array<{ film_id: number; visitor_id: string; score: number }> = await db
    .selectFrom('film_votes as v')
    .innerJoin('members as m', 'm.visitor_id', 'v.visitor_id')
    .select(['v.film_id', 'v.visitor_id', 'v.score'])
    .where('m.suspended_at', 'is not', null)
    .where('v.counted', '=', 1)
    .execute();
  for (const vote of votes) {
    const bar = Math.ceil(vote.score / 2);
    // Column names from a number 1..5, never from input.
    const hist = sql.ref(`hist_${bar}`);
    const half = sql.ref(`half_${bar}`);
    const halfStep = vote.score % 2 === 1 ? 1 : 0;
    await sql`update film_rating_stats set
      vote_count = vote_count - 1,
      score_sum = score_sum - ${vote.score},
      member_vote_count = member_vote_count - 1,
      member_score_sum = member_score_sum - ${vote.score},
      ${hist} = ${hist} - 1,
      ${half} = ${half} - ${halfStep}
      where film_id = ${vote.film_id}`.execute(db);
    await db
      .updateTable('film_votes')
      .set({ counted: 0 })
      .where('film_id', '=', vote.film_id)
      .where('visitor_id', '=', vote.visitor_id)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  // The held votes stay held: the code before this release reads them as held votes; restoring a member counts them.
  await db.schema.dropIndex('reviews_ip_created').execute();
}
