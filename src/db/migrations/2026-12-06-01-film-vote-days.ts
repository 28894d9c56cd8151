import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// "Highest rated this month" on the home page grouped every counted vote of the last 30 days (96 ms at 103k votes
// a month on PostgreSQL, decision 041's addendum). The counted votes are summed here per film and per UTC day of
// their `updated_at` (the day the vote was cast or last changed, the time the shelf windows on), so the shelf reads
// one row per film and day instead of one per vote (decision 047). Triggers keep it, so every writer (votes, changes,
// removals, member merges, suspensions flipping `counted`, history imports, erasure, a film's deletion cascading)
// moves it in its own transaction and none can forget. Each trigger adds or takes away one vote with an upsert, so
// concurrent votes on one film and day add up (the row's lock orders them). No foreign key: a film's deletion takes
// its votes, whose triggers bring its days to zero, and rows at zero are deleted.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('film_vote_days')
    .addColumn('film_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull())
    .addColumn('score_sum', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('film_vote_days_pk', ['film_id', 'day'])
    .execute();
  // The shelf reads a range of days: this index gives it the rows in that range, with what it sums.
  await db.schema
    .createIndex('film_vote_days_day_idx')
    .on('film_vote_days')
    .columns(['day', 'film_id', 'votes', 'score_sum'])
    .execute();
  await sql`insert into film_vote_days (film_id, day, votes, score_sum)
    select film_id, substr(updated_at, 1, 10), count(*), sum(score) from film_votes where counted = 1
    group by film_id, substr(updated_at, 1, 10)`.execute(db);

  // The month's totals per film (the days from `vote_window.from_day` on), ranked as the shelf ranks, so that the
  // shelf reads the top of an index instead of grouping the month; the ratings feature's hourly job moves the start
  // day forward and takes the days that left out of the totals.
  await db.schema
    .createTable('vote_window')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('from_day', 'text', (c) => c.notNull())
    .execute();
  const start = new Date(Date.now() - 30 * 86_400_000);
  start.setUTCDate(start.getUTCDate() + 1);
  const fromDay = start.toISOString().slice(0, 10);
  await sql`insert into vote_window (id, from_day) values (1, ${fromDay})`.execute(db);
  await db.schema
    .createTable('film_vote_window')
    .addColumn('film_id', 'integer', (c) => c.primaryKey())
    .addColumn('votes', 'integer', (c) => c.notNull())
    .addColumn('score_sum', 'integer', (c) => c.notNull())
    .addColumn('rank', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('film_vote_window_rank_idx')
    .on('film_vote_window')
    .expression(sql`rank desc, votes desc, film_id`)
    .execute();
  await sql`insert into film_vote_window (film_id, votes, score_sum, rank)
    select film_id, sum(votes), sum(score_sum), (sum(score_sum) + ${PRIOR_HALF_STARS}) * 1.0 / (sum(votes) + ${PRIOR_VOTES})
    from film_vote_days where day >= ${fromDay} group by film_id`.execute(db);
  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

/** The shelf's prior (features/ratings/rating-facets.repository.ts): two votes of 3 stars. */
const PRIOR_VOTES = 2;
const PRIOR_HALF_STARS = 6;

const addVote = (row: 'new' | 'old', sign: '+' | '-') => `
  insert into film_vote_days (film_id, day, votes, score_sum)
    values (${row}.film_id, substr(${row}.updated_at, 1, 10), ${sign}1, ${sign}${row}.score)
    on conflict (film_id, day) do update set votes = film_vote_days.votes + excluded.votes,
      score_sum = film_vote_days.score_sum + excluded.score_sum;
  delete from film_vote_days where film_id = ${row}.film_id and day = substr(${row}.updated_at, 1, 10) and votes = 0;
  insert into film_vote_window (film_id, votes, score_sum, rank)
    select ${row}.film_id, ${sign}1, ${sign}${row}.score,
      (${sign}${row}.score + ${PRIOR_HALF_STARS}) * 1.0 / (${sign}1 + ${PRIOR_VOTES})
    from vote_window w where w.id = 1 and substr(${row}.updated_at, 1, 10) >= w.from_day
    on conflict (film_id) do update set votes = film_vote_window.votes + excluded.votes,
      score_sum = film_vote_window.score_sum + excluded.score_sum,
      rank = (film_vote_window.score_sum + excluded.score_sum + ${PRIOR_HALF_STARS}) * 1.0
        / (film_vote_window.votes + excluded.votes + ${PRIOR_VOTES});
  delete from film_vote_window where film_id = ${row}.film_id and votes = 0;`;

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `create trigger film_vote_days_ai after insert on film_votes when new.counted = 1 begin ${addVote('new', '+')} end`,
    `create trigger film_vote_days_ad after delete on film_votes when old.counted = 1 begin ${addVote('old', '-')} end`,
    `create trigger film_vote_days_au_old after update of film_id, score, counted, updated_at on film_votes
       when old.counted = 1 begin ${addVote('old', '-')} end`,
    `create trigger film_vote_days_au_new after update of film_id, score, counted, updated_at on film_votes
       when new.counted = 1 begin ${addVote('new', '+')} end`,
  ])
    await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`create function film_vote_days_keep() returns trigger language plpgsql set search_path from current as $$
      begin
        -- Waits while the hourly job moves the window's start (it holds the row): a vote then lands on the right side.
        perform 1 from vote_window where id = 1 for share;
        if tg_op in ('DELETE', 'UPDATE') and old.counted = 1 then ${addVote('old', '-')} end if;
        if tg_op in ('INSERT', 'UPDATE') and new.counted = 1 then ${addVote('new', '+')} end if;
        return null;
      end $$`)
    .execute(db);
  await sql
    .raw(`create trigger film_vote_days_keep after insert or delete or update of film_id, score, counted, updated_at
      on film_votes for each row execute function film_vote_days_keep()`)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists film_vote_days_keep on film_votes`.execute(db);
    await sql`drop function if exists film_vote_days_keep()`.execute(db);
  } else {
    for (const suffix of ['ai', 'ad', 'au_old', 'au_new'])
      await sql.raw(`drop trigger if exists film_vote_days_${suffix}`).execute(db);
  }
  await db.schema.dropTable('film_vote_window').execute();
  await db.schema.dropTable('vote_window').execute();
  await db.schema.dropTable('film_vote_days').execute();
}
