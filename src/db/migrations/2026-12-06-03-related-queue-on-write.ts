import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A film write puts the film on the related-films queue (`related_queue`, migration 93) in the write's own
// transaction, by triggers on `films`: a film inserted or deleted, or its title, original title, year or synopsis
// set (every writer sets those when it saves a film, so an edit of its cast or genres through the admin form or an
// import is caught too). Queued by the application after the commit, a crash between the two lost the film's list
// update, and every new way to write a film had to remember to queue it (decision 048). Rating, like and poster
// columns are left out: they are written often and say nothing of what a film is about.
//
const QUEUED_COLUMNS = 'title, original_title, year, synopsis';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    // Row-level: PostgreSQL allows no transition tables on a trigger with a column list, and importers write one film
    // per statement anyway.
    await sql
      .raw(`create function related_queue_film() returns trigger language plpgsql set search_path from current as $$
        begin
          insert into related_queue (film_id, queued_at) values (
            case when tg_op = 'DELETE' then old.id else new.id end,
            to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
          return null;
        end $$`)
      .execute(db);
    for (const [name, event] of [
      ['films_related_ai', 'insert'],
      ['films_related_au', `update of ${QUEUED_COLUMNS}`],
      ['films_related_ad', 'delete'],
    ] as const) {
      await sql
        .raw(`create trigger ${name} after ${event} on films for each row execute function related_queue_film()`)
        .execute(db);
    }
  } else {
    const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    for (const [name, event, row] of [
      ['films_related_ai', 'insert', 'new'],
      ['films_related_au', `update of ${QUEUED_COLUMNS}`, 'new'],
      ['films_related_ad', 'delete', 'old'],
    ] as const) {
      await sql
        .raw(
          `create trigger ${name} after ${event} on films begin insert into related_queue (film_id, queued_at) values (${row}.id, ${now}); end`,
        )
        .execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  const on = isPostgres(db) ? ' on films' : '';
  for (const name of ['films_related_ai', 'films_related_au', 'films_related_ad']) {
    await sql.raw(`drop trigger if exists ${name}${on}`).execute(db);
  }
  if (isPostgres(db)) await sql.raw('drop function if exists related_queue_film()').execute(db);
}
