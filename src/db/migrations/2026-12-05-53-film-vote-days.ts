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
  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

const addVote = (row: 'new' | 'old', sign: '+' | '-') => `
  insert into film_vote_days (film_id, day, votes, score_sum)
    values (${row}.film_id, substr(${row}.updated_at, 1, 10), ${sign}1, ${sign}${row}.score)
    on conflict (film_id, day) do update set votes = film_vote_days.votes + excluded.votes,
      score_sum = film_vote_days.score_sum + excluded.score_sum;
  delete from film_vote_days where film_id = ${row}.film_id and day = substr(${row}.updated_at, 1, 10) and votes = 0;`;

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
  await db.schema.dropTable('film_vote_days').execute();
}
