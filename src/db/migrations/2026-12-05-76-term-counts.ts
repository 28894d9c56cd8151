import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// The header lists every category with its film count, and counting film_categories on each render grew with the
// catalog (4.7 ms at 36k films, 67 ms at 500k, after every content change; issue 21). The counts are kept on the
// term's row instead, by triggers, so they change in the transaction that changes the links whoever writes them
// (importers, the admin's editor, merges, deletes cascading from a film), and no writer can forget (decision 031).

const LINKS = [
  { terms: 'categories', link: 'film_categories', column: 'category_id' },
  { terms: 'genres', link: 'film_genres', column: 'genre_id' },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  for (const { terms, link, column } of LINKS) {
    await db.schema
      .alterTable(terms)
      .addColumn('film_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql
      .raw(`update ${terms} set film_count = (select count(*) from ${link} l where l.${column} = ${terms}.id)`)
      .execute(db);
    if (isPostgres(db)) await postgresTriggers(db, terms, link, column);
    else await sqliteTriggers(db, terms, link, column);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function sqliteTriggers(db: Kysely<any>, terms: string, link: string, column: string): Promise<void> {
  const add = (id: string, delta: string) => `update ${terms} set film_count = film_count ${delta} 1 where id = ${id};`;
  for (const statement of [
    `create trigger ${link}_count_ai after insert on ${link} begin ${add(`new.${column}`, '+')} end`,
    `create trigger ${link}_count_ad after delete on ${link} begin ${add(`old.${column}`, '-')} end`,
    `create trigger ${link}_count_au after update of ${column} on ${link} begin
       ${add(`old.${column}`, '-')} ${add(`new.${column}`, '+')} end`,
  ])
    await sql.raw(statement).execute(db);
}

/** Statement-level triggers: an import batch that links 500 films updates each term it touched once, not 500 times. */
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function postgresTriggers(db: Kysely<any>, terms: string, link: string, column: string): Promise<void> {
  const change = (rows: string, sign: string) =>
    `update ${terms} t set film_count = t.film_count ${sign} d.n
       from (select ${column} as id, count(*) as n from ${rows} group by ${column}) d where t.id = d.id;`;
  await sql
    .raw(`create function ${link}_count() returns trigger language plpgsql set search_path from current as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then ${change('old_rows', '-')} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${change('new_rows', '+')} end if;
        return null;
      end $$`)
    .execute(db);
  for (const statement of [
    `create trigger ${link}_count_ai after insert on ${link} referencing new table as new_rows
       for each statement execute function ${link}_count()`,
    `create trigger ${link}_count_ad after delete on ${link} referencing old table as old_rows
       for each statement execute function ${link}_count()`,
    `create trigger ${link}_count_au after update on ${link} referencing old table as old_rows new table as new_rows
       for each statement execute function ${link}_count()`,
  ])
    await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const { terms, link } of LINKS) {
    for (const suffix of ['ai', 'ad', 'au']) {
      const on = isPostgres(db) ? ` on ${link}` : '';
      await sql.raw(`drop trigger if exists ${link}_count_${suffix}${on}`).execute(db);
    }
    if (isPostgres(db)) await sql.raw(`drop function if exists ${link}_count()`).execute(db);
    await db.schema.alterTable(terms).dropColumn('film_count').execute();
  }
}
