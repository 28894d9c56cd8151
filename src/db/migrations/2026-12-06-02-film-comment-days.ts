import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// "Most discussed this week" on the home page grouped every approved comment of the last 7 days (11.8 ms at 7,000
// comments a week on PostgreSQL, decision 041's addendum). The comments a visitor reads under a film (approved, not
// hidden with a suspended author, not a reply to a review) are counted here per film and per UTC day written, with
// the latest one's time (the shelf's tie-breaker), so the shelf reads one row per film and day (decision 047).
// The comments feature recounts a film's day whenever a comment of it is written, moderated, hidden, imported or
// erased (features/comments/comment-days.repository.ts), in the same transaction. Not triggers, unlike the votes'
// days: a later rebuild of `comments` on SQLite (as migration 81 did) would drop them silently.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('film_comment_days')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('comments', 'integer', (c) => c.notNull())
    .addColumn('latest_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('film_comment_days_pk', ['film_id', 'day'])
    .execute();
  await db.schema
    .createIndex('film_comment_days_day_idx')
    .on('film_comment_days')
    .columns(['day', 'film_id', 'comments', 'latest_at'])
    .execute();
  // Replies to reviews (migration 56) are read under the review, not in the film's thread.
  await sql`insert into film_comment_days (film_id, day, comments, latest_at)
    select film_id, substr(created_at, 1, 10), count(*), max(created_at) from comments
    where status = 'approved' and author_hidden = 0 and film_id is not null and review_id is null
    group by film_id, substr(created_at, 1, 10)`.execute(db);

  // The week's totals per film (the days from `comment_window.from_day` on), in the shelf's order, so that the shelf
  // reads the top of an index; the comments feature's hourly job moves the start day forward.
  await db.schema
    .createTable('comment_window')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('from_day', 'text', (c) => c.notNull())
    .execute();
  const start = new Date(Date.now() - 7 * 86_400_000);
  start.setUTCDate(start.getUTCDate() + 1);
  const fromDay = start.toISOString().slice(0, 10);
  await sql`insert into comment_window (id, from_day) values (1, ${fromDay})`.execute(db);
  await db.schema
    .createTable('film_comment_window')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    .addColumn('comments', 'integer', (c) => c.notNull())
    .addColumn('latest_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('film_comment_window_top_idx')
    .on('film_comment_window')
    .expression(sql`comments desc, latest_at desc, film_id`)
    .execute();
  await sql`insert into film_comment_window (film_id, comments, latest_at)
    select film_id, sum(comments), max(latest_at) from film_comment_days where day >= ${fromDay}
    group by film_id`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('film_comment_window').execute();
  await db.schema.dropTable('comment_window').execute();
  await db.schema.dropTable('film_comment_days').execute();
}
