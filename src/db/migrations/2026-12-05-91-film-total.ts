import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// The home page prints how many films the catalog holds, and counting them read every film's index entry on each
// render (tens of milliseconds at a million films; issue 21). The number is kept in one row by triggers on `films`
// instead, as the term counts are (migration 76): whoever inserts or deletes films (importers, the admin, merges,
// migrate-data's copy) moves it in the same transaction. Decision 041.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('film_total')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('films', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into film_total (id, films) select 1, count(*) from films`.execute(db);
  if (isPostgres(db)) {
    // Statement-level with transition tables: an import batch of 500 films moves the row once.
    await sql
      .raw(`create function film_total_count() returns trigger language plpgsql set search_path from current as $$
        begin
          if tg_op = 'INSERT' then update film_total set films = films + (select count(*) from new_rows) where id = 1;
          else update film_total set films = films - (select count(*) from old_rows) where id = 1;
          end if;
          return null;
        end $$`)
      .execute(db);
    await sql
      .raw(`create trigger films_total_ai after insert on films referencing new table as new_rows
        for each statement execute function film_total_count()`)
      .execute(db);
    await sql
      .raw(`create trigger films_total_ad after delete on films referencing old table as old_rows
        for each statement execute function film_total_count()`)
      .execute(db);
  } else {
    await sql
      .raw(
        'create trigger films_total_ai after insert on films begin update film_total set films = films + 1 where id = 1; end',
      )
      .execute(db);
    await sql
      .raw(
        'create trigger films_total_ad after delete on films begin update film_total set films = films - 1 where id = 1; end',
      )
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  const on = isPostgres(db) ? ' on films' : '';
  await sql.raw(`drop trigger if exists films_total_ai${on}`).execute(db);
  await sql.raw(`drop trigger if exists films_total_ad${on}`).execute(db);
  if (isPostgres(db)) await sql.raw('drop function if exists film_total_count()').execute(db);
  await db.schema.dropTable('film_total').execute();
}
