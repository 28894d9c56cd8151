import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Members' share of each film's counted votes, kept beside the totals (docs/decisions/034): the film page shows
// members' and guests' averages apart while Top rated keeps ranking by the totals. Guests' share is the totals minus
// the members' share minus votes imported from a previous site. Backfilled by matching votes to members through the
// member's visitor id; a member's held vote (ballot-stuffing rule) is released, since the rule is for guests only.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('film_rating_stats')
    .addColumn('member_vote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('film_rating_stats')
    .addColumn('member_score_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const memberVotes = sql`(select v.film_id, v.score from film_votes v join members m on m.visitor_id = v.visitor_id
    where v.counted = 1)`;
  // Held votes of members count from now on: add them to the totals first, then release them.
  await sql`insert into film_rating_stats (film_id, vote_count, score_sum, hist_1, hist_2, hist_3, hist_4, hist_5)
    select v.film_id, 0, 0, 0, 0, 0, 0, 0 from film_votes v join members m on m.visitor_id = v.visitor_id
    where v.counted = 0 and not exists (select 1 from film_rating_stats s where s.film_id = v.film_id)
    group by v.film_id`.execute(db);
  const held = sql`(select v.film_id, v.score from film_votes v join members m on m.visitor_id = v.visitor_id
    where v.counted = 0)`;
  await sql`update film_rating_stats set
    vote_count = vote_count + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id),
    score_sum = score_sum + coalesce((select sum(h.score) from ${held} h where h.film_id = film_rating_stats.film_id), 0),
    hist_1 = hist_1 + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id and h.score <= 2),
    hist_2 = hist_2 + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id and h.score in (3, 4)),
    hist_3 = hist_3 + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id and h.score in (5, 6)),
    hist_4 = hist_4 + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id and h.score in (7, 8)),
    hist_5 = hist_5 + (select count(*) from ${held} h where h.film_id = film_rating_stats.film_id and h.score >= 9)`.execute(
    db,
  );
  await sql`update film_votes set counted = 1
    where counted = 0 and visitor_id in (select visitor_id from members)`.execute(db);
  await sql`update film_rating_stats set
    member_vote_count = (select count(*) from ${memberVotes} mv where mv.film_id = film_rating_stats.film_id),
    member_score_sum = coalesce((select sum(mv.score) from ${memberVotes} mv where mv.film_id = film_rating_stats.film_id), 0)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('film_rating_stats').dropColumn('member_score_sum').execute();
  await db.schema.alterTable('film_rating_stats').dropColumn('member_vote_count').execute();
}
