import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// "Most discussed this week" on the home page grouped every approved comment of the last 7 days (11.8 ms at 7,000
// comments a week on PostgreSQL, decision 041's addendum). The comments a visitor reads under a film (approved, not
// hidden with a suspended author, not a reply to a review) are counted here per film and per UTC day written, with
// the latest one's time (the shelf's tie-breaker), so the shelf reads one row per film and day (decision 047).
// The comments feature recounts a film's day whenever a comment of it is written, moderated, hidden, imported or
// erased (features/comments/comment-days.repository.ts), in the same transaction. Not triggers, unlike the votes'
// days: SQLite rebuilds `comments` in a later migration (81), which would drop them.

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
  // Reviews and their replies come later (migration 56): every comment here is on a film's thread or has no film.
  await sql`insert into film_comment_days (film_id, day, comments, latest_at)
    select film_id, substr(created_at, 1, 10), count(*), max(created_at) from comments
    where status = 'approved' and author_hidden = 0 and film_id is not null
    group by film_id, substr(created_at, 1, 10)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('film_comment_days').execute();
}
