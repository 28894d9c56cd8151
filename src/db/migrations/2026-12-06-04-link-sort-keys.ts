import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A category or genre archive sorted by anything but its links' film id joined the link table to `films` and walked
// a films index in the sort's order, dropping every film of other terms: page 1 of a 20-film category sorted by year
// read most of the catalog when its films sit at the far end of that order (decision 052). The sort keys are copied
// onto each link row instead, with one index per sort led by the term, so every page of every term's archive is one
// index range of its own rows. Kept by triggers (as the term counts of migration 76): a link inserted takes its
// film's keys, and a film whose year, title, creation time, rank or like count changes moves them on its links, in
// the writer's own transaction, whoever the writer is (the admin's editor, imports, votes, likes, the rescore job).

const LINKS = [
  { link: 'film_categories', term: 'category_id', terms: 'categories' },
  { link: 'film_genres', term: 'genre_id', terms: 'genres' },
] as const;

/** The copied columns, as written on a link row from a film row `f`. */
const KEYS = [
  ['year', 'integer', 'f.year'],
  ['title', 'text', 'f.title'],
  ['title_key', 'text', 'lower(f.title)'],
  ['created_at', 'text', 'f.created_at'],
  ['rating_rank', 'double precision', 'f.rating_rank'],
  ['rating_votes', 'integer', 'f.rating_votes'],
  ['like_count', 'integer', 'f.like_count'],
] as const;

const columns = KEYS.map(([name]) => name).join(', ');
const values = (film: string) => KEYS.map(([, , value]) => value.replaceAll('f.', `${film}.`)).join(', ');
/** Any copied column of a film that differs between two versions of its row. */
const changed = (older: string, newer: string) =>
  KEYS.map(
    ([name]) =>
      `${older}.${name === 'title_key' ? 'title' : name} is distinct from ${newer}.${name === 'title_key' ? 'title' : name}`,
  )
    .filter((v, i, all) => all.indexOf(v) === i)
    .join(' or ');

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  for (const { link, term } of LINKS) {
    for (const [name, type] of KEYS) await sql.raw(`alter table ${link} add column ${name} ${type}`).execute(db);
    await sql
      .raw(`update ${link} set (${columns}) = (select ${values('f')} from films f where f.id = ${link}.film_id)`)
      .execute(db);
    // In each sort's own order (film.repository.ts sortTerms), after the term. PostgreSQL places nulls last in a
    // descending index only when told; SQLite's nulls are the smallest values, so last in descending order already.
    const nullsLast = pg ? ' nulls last' : '';
    for (const statement of [
      `create index ${link}_newest_idx on ${link} (${term}, created_at, film_id)`,
      `create index ${link}_year_idx on ${link} (${term}, year desc${nullsLast}, title, film_id)`,
      `create index ${link}_title_idx on ${link} (${term}, title_key, year, film_id)`,
      `create index ${link}_rating_idx on ${link} (${term}, rating_rank desc${nullsLast}, rating_votes desc, film_id)`,
      `create index ${link}_liked_idx on ${link} (${term}, like_count, created_at, film_id)`,
    ])
      await sql.raw(statement).execute(db);
  }
  if (pg) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const watched = KEYS.map(([name]) => name).filter((name) => name !== 'title_key');
  const statements: string[] = [];
  for (const { link, term } of LINKS) {
    // SQLite has no BEFORE trigger that can set the new row: the inserted link is completed right after.
    statements.push(`create trigger ${link}_keys_ai after insert on ${link} begin
      update ${link} set (${columns}) = (select ${values('f')} from films f where f.id = new.film_id)
        where ${term} = new.${term} and film_id = new.film_id; end`);
    statements.push(`create trigger ${link}_keys_au after update of film_id on ${link} begin
      update ${link} set (${columns}) = (select ${values('f')} from films f where f.id = new.film_id)
        where ${term} = new.${term} and film_id = new.film_id; end`);
  }
  const copies = LINKS.map(
    ({ link }) => `update ${link} set (${columns}) = (${values('new')}) where film_id = new.id;`,
  ).join(' ');
  statements.push(`create trigger films_link_keys_au after update of ${watched.join(', ')} on films
    when ${changed('old', 'new')} begin ${copies} end`);
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`create function link_sort_keys() returns trigger language plpgsql set search_path from current as $$
      begin
        select ${values('f')} into ${KEYS.map(([name]) => `new.${name}`).join(', ')}
          from films f where f.id = new.film_id;
        return new;
      end $$`)
    .execute(db);
  // Row-level, on the key columns only and when one really changed: a vote's one-film update pays one lookup per
  // link table (200 one-film updates: 70 ms row-level, 126 ms statement-level with transition tables, 26 ms with no
  // trigger), and updates of other columns (re-imports touching updated_at) skip it; the rescore job's batch of
  // 10,000 ranks cost about the same either way (decision 052).
  const copies = LINKS.map(
    ({ link }) => `update ${link} set (${columns}) = (${values('new')}) where film_id = new.id;`,
  ).join('\n');
  await sql
    .raw(`create function films_link_keys() returns trigger language plpgsql set search_path from current as $$
      begin
        ${copies}
        return null;
      end $$`)
    .execute(db);
  const statements: string[] = LINKS.map(
    ({ link }) => `create trigger ${link}_keys_bi before insert or update of film_id on ${link}
       for each row execute function link_sort_keys()`,
  );
  const watched = KEYS.map(([name]) => name).filter((name) => name !== 'title_key');
  statements.push(`create trigger films_link_keys_au after update of ${watched.join(', ')} on films
       for each row when (${changed('old', 'new')}) execute function films_link_keys()`);
  for (const statement of statements) await sql.raw(statement).execute(db);
  // Migration 76 counted links on every update of a link table, statement-level (PostgreSQL allows no column list
  // with transition tables): each vote moving a rank would now rewrite its film's terms' counts, by zero, locking
  // them. A link's term changing is what moves a count, so that update trigger becomes row-level on the term column.
  for (const { link, term, terms } of LINKS) {
    await sql.raw(`drop trigger ${link}_count_au on ${link}`).execute(db);
    await sql
      .raw(`create function ${link}_count_moved() returns trigger language plpgsql set search_path from current as $$
        begin
          update ${terms} set film_count = film_count - 1 where id = old.${term};
          update ${terms} set film_count = film_count + 1 where id = new.${term};
          return null;
        end $$`)
      .execute(db);
    await sql
      .raw(`create trigger ${link}_count_au after update of ${term} on ${link}
         for each row when (old.${term} is distinct from new.${term}) execute function ${link}_count_moved()`)
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await sql.raw(`drop trigger if exists films_link_keys_au${pg ? ' on films' : ''}`).execute(db);
  for (const { link } of LINKS) {
    for (const trigger of pg ? [`${link}_keys_bi`] : [`${link}_keys_ai`, `${link}_keys_au`])
      await sql.raw(`drop trigger if exists ${trigger}${pg ? ` on ${link}` : ''}`).execute(db);
    for (const index of ['newest', 'year', 'title', 'rating', 'liked'])
      await sql.raw(`drop index if exists ${link}_${index}_idx`).execute(db);
    for (const [name] of KEYS) await sql.raw(`alter table ${link} drop column ${name}`).execute(db);
  }
  if (pg) {
    for (const { link } of LINKS) {
      await sql.raw(`drop trigger if exists ${link}_count_au on ${link}`).execute(db);
      await sql.raw(`drop function if exists ${link}_count_moved()`).execute(db);
      await sql
        .raw(`create trigger ${link}_count_au after update on ${link} referencing old table as old_rows
           new table as new_rows for each statement execute function ${link}_count()`)
        .execute(db);
    }
    await sql.raw('drop function if exists films_link_keys()').execute(db);
    await sql.raw('drop function if exists link_sort_keys()').execute(db);
  }
}
