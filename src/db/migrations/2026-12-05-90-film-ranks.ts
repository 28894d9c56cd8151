import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Browse pages that do not grow with the catalog (issue 21, decision 041). "Top rated" and "Most liked" ranked every
// film at render through correlated subqueries on the ratings and likes tables (Top rated 3.9 s on PostgreSQL at
// 150k films), and no index could serve an archive sorted by them. The films row now carries what those sorts rank
// by, kept by the vote's and the like's own transaction:
// - rating_rank: the Bayesian weighted rating (1..10) plus 100 when the film has at least m votes, so one descending
//   column puts the films with enough votes first; null for a film nobody voted on (sorted last);
// - rating_votes: counted votes, the tie-breaker;
// - like_count.
// The weighted rating needs C, the site's mean vote, which moves with every vote: `rating_ranking` holds the site's
// totals, kept with each vote, and the C and m the stored ranks were computed with; a rescore (in the vote when the
// site is small, else a claimed scheduled job) brings every rank to the current C once it drifted.
// Every sort of the archives gets an index whose order is the sort's, so a page is one index range.

/** m when no admin changed it (config DEFAULT_PRIOR_VOTES at the time of writing; the job corrects a different one). */
const PRIOR_VOTES = 5;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('films').addColumn('rating_rank', 'double precision').execute();
  await db.schema
    .alterTable('films')
    .addColumn('rating_votes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('films')
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('rating_ranking')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('vote_count', 'bigint', (c) => c.notNull())
    .addColumn('score_sum', 'bigint', (c) => c.notNull())
    .addColumn('rated_films', 'integer', (c) => c.notNull())
    .addColumn('ranked_mean', 'double precision', (c) => c.notNull())
    .addColumn('ranked_prior', 'integer', (c) => c.notNull())
    .addColumn('ranked_at', 'text')
    .execute();

  // The site's totals and their mean, then every voted film's rank with that mean.
  const stored = await sql<{ value: string }>`select value from settings where key = 'ratingPriorVotes'`
    .execute(db)
    .catch(() => ({ rows: [] as Array<{ value: string }> }));
  const prior = Number(JSON.parse(stored.rows[0]?.value ?? 'null') ?? PRIOR_VOTES) || 0;
  const totals = await sql<{ votes: number | string | null; sum: number | string | null; rated: number | string }>`
    select sum(vote_count) as votes, sum(score_sum) as sum, count(*) as rated
    from film_rating_stats where vote_count > 0`.execute(db);
  const votes = Number(totals.rows[0]?.votes ?? 0);
  const sum = Number(totals.rows[0]?.sum ?? 0);
  const mean = votes > 0 ? sum / votes : 0;
  await db
    .insertInto('rating_ranking')
    .values({
      id: 1,
      vote_count: votes,
      score_sum: sum,
      rated_films: Number(totals.rows[0]?.rated ?? 0),
      ranked_mean: mean,
      ranked_prior: prior,
      ranked_at: null,
    })
    .execute();
  const rank = `(case when s.vote_count >= ${prior} then 100 else 0 end) +
      (s.score_sum + ${prior} * ${mean}) * 1.0 / (s.vote_count + ${prior})`;
  await sql
    .raw(
      `update films set rating_votes = s.vote_count, rating_rank = case when s.vote_count > 0 then ${rank} end
       from film_rating_stats s where s.film_id = films.id`,
    )
    .execute(db);
  await sql
    .raw('update films set like_count = s.like_count from film_like_stats s where s.film_id = films.id')
    .execute(db);

  // One index per sort, in the sort's own order (film.repository.ts sortTerms). PostgreSQL places nulls last in a
  // descending index only when told; SQLite's nulls are the smallest values, so last in descending order already.
  const nullsLast = pg ? ' nulls last' : '';
  for (const statement of [
    `create index films_rating_rank_idx on films (rating_rank desc${nullsLast}, rating_votes desc, id)`,
    'create index films_like_count_idx on films (like_count, created_at, id)',
    `create index films_year_title_idx on films (year desc${nullsLast}, title, id)`,
    'create index films_title_idx on films (lower(title), year, id)',
  ])
    await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['films_rating_rank_idx', 'films_like_count_idx', 'films_year_title_idx', 'films_title_idx'])
    await db.schema.dropIndex(index).execute();
  await db.schema.dropTable('rating_ranking').execute();
  for (const column of ['rating_rank', 'rating_votes', 'like_count'])
    await db.schema.alterTable('films').dropColumn(column).execute();
}
