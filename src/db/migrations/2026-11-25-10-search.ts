import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: a migration describes the schema as it was on its date; later changes get new files.
//
// The search index follows the catalog through triggers, so writers (importer, admin editing) keep it current without
// knowing it exists: triggers note the films a transaction touched, and the index is rewritten once per film, on
// PostgreSQL when the transaction commits, on SQLite when it bumps a content version (every catalog write does).
// Both dialects index the same fields with the same weights: title, directors, cast, synopsis (most to least); the
// typo fallback compares trigrams of titles and people's names.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function upSqlite(db: Kysely<any>): Promise<void> {
  // unicode61 with remove_diacritics 2 folds "Misérables" to "miserables" on both sides of MATCH; the prefix indexes
  // keep "shawsh*" from scanning every term (FTS5 docs, "Prefix Indexes").
  await sql`create virtual table search_fts using fts5(
    title, directors, actors, synopsis,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
  )`.execute(db);
  // The typo fallback: an OR of the query's trigrams finds titles and names that share most of them.
  await sql`create virtual table search_trigrams using fts5(
    title, names, tokenize = 'trigram remove_diacritics 1'
  )`.execute(db);
  // How many films each trigram occurs in, read straight from the index: the fallback ORs only the rarest trigrams
  // of a query, since common ones ("the", "ion") would make it score most of the catalog.
  await sql`create virtual table search_trigram_stats using fts5vocab(search_trigrams, 'row')`.execute(db);

  const people = (filmId: string, role: 'director' | 'cast') =>
    `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp join people p on p.id = fp.person_id
      where fp.film_id = ${filmId} and fp.role = '${role}')`;
  const names = (filmId: string) =>
    `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp join people p on p.id = fp.person_id
      where fp.film_id = ${filmId})`;

  // Writes only note which films changed; the index is rewritten when the write bumps a content version, which every
  // catalog write does at its end, in the same transaction (the page cache depends on it too). An import batch
  // thereby tokenises each film once, instead of once per statement that touches it (a film's cast is one insert
  // of many rows, and FTS5 rewrites the whole row, synopsis included, on each update).
  await sql`create table search_pending (film_id integer primary key)`.execute(db);
  const note = (ids: string) => `insert or ignore into search_pending (film_id) ${ids};`;
  const statements = [
    `create trigger search_films_ai after insert on films begin ${note('values (new.id)')} end`,
    `create trigger search_films_au after update of title, synopsis on films begin ${note('values (new.id)')} end`,
    `create trigger search_films_ad after delete on films begin ${note('values (old.id)')} end`,
    `create trigger search_film_people_ai after insert on film_people begin ${note('values (new.film_id)')} end`,
    `create trigger search_film_people_ad after delete on film_people begin ${note('values (old.film_id)')} end`,
    `create trigger search_people_au after update of name on people begin
       ${note('select film_id from film_people where person_id = new.id')}
     end`,
  ];
  const flush = `
    delete from search_fts where rowid in (select film_id from search_pending);
    delete from search_trigrams where rowid in (select film_id from search_pending);
    insert into search_fts(rowid, title, directors, actors, synopsis)
      select f.id, f.title, ${people('f.id', 'director')}, ${people('f.id', 'cast')}, f.synopsis
      from films f where f.id in (select film_id from search_pending);
    insert into search_trigrams(rowid, title, names)
      select f.id, f.title, ${names('f.id')} from films f where f.id in (select film_id from search_pending);
    delete from search_pending;`;
  for (const event of ['insert', 'update']) {
    statements.push(`create trigger search_flush_on_${event} after ${event} on site_state
      when new.key like 'version:%' and exists (select 1 from search_pending)
      begin ${flush} end`);
  }
  for (const statement of statements) await sql.raw(statement).execute(db);

  // Films already in the database when this migration runs.
  await sql
    .raw(`insert into search_fts(rowid, title, directors, actors, synopsis)
      select f.id, f.title, ${people('f.id', 'director')}, ${people('f.id', 'cast')}, f.synopsis from films f`)
    .execute(db);
  await sql
    .raw(`insert into search_trigrams(rowid, title, names) select f.id, f.title, ${names('f.id')} from films f`)
    .execute(db);
}

/**
 * pg_trgm and unaccent live in `public` (extensions are per database, not per schema), and every use below is
 * schema-qualified, so the search works whatever the connection's search_path is (the tests use one schema each).
 */
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function upPostgres(db: Kysely<any>): Promise<void> {
  for (const extension of ['pg_trgm', 'unaccent']) {
    const installed = await sql`select 1 from pg_extension where extname = ${extension}`.execute(db);
    if (installed.rows.length) continue;
    // Migrations run in a transaction: a savepoint lets it go on after losing a race with another migration (two
    // test schemas at once) to create the extension, which fails with a duplicate key.
    await sql`savepoint create_extension`.execute(db);
    try {
      await sql.raw(`create extension if not exists ${extension} with schema public`).execute(db);
      await sql`release savepoint create_extension`.execute(db);
    } catch (error) {
      await sql`rollback to savepoint create_extension`.execute(db);
      const again = await sql`select 1 from pg_extension where extname = ${extension}`.execute(db);
      if (!again.rows.length) throw error;
    }
  }

  await db.schema
    .createTable('search_documents')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    // Lower-cased, accents removed: what the trigram fallback compares the query with.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('document', sql`tsvector`, (c) => c.notNull())
    .execute();
  await sql`create index search_documents_fts_idx on search_documents using gin (document)`.execute(db);
  await sql`create index search_documents_title_trgm_idx on search_documents
    using gin (title public.gin_trgm_ops)`.execute(db);
  await sql`create index search_documents_names_trgm_idx on search_documents
    using gin (names public.gin_trgm_ops)`.execute(db);

  // 'simple' (no stemming, no stop words) matches what FTS5's unicode61 tokenizer does, so both databases agree.
  // search_path is pinned to the migration's schema so the trigger finds its tables from any connection.
  await sql
    .raw(`create function search_refresh(ids integer[]) returns void language sql
      set search_path from current as $$
      delete from search_documents where film_id = any(ids) and film_id not in (select id from films);
      insert into search_documents (film_id, title, names, document)
      select f.id,
        lower(public.unaccent('public.unaccent'::regdictionary, f.title)),
        lower(public.unaccent('public.unaccent'::regdictionary, coalesce(n.everyone, ''))),
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, f.title)), 'A') ||
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, coalesce(n.directors, ''))), 'B') ||
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, coalesce(n.actors, ''))), 'C') ||
        setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, f.synopsis)), 'D')
      from films f
      left join lateral (
        select string_agg(p.name, ' | ') filter (where fp.role = 'director') as directors,
               string_agg(p.name, ' | ') filter (where fp.role = 'cast') as actors,
               string_agg(p.name, ' | ') as everyone
        from film_people fp join people p on p.id = fp.person_id where fp.film_id = f.id
      ) n on true
      where f.id = any(ids)
      on conflict (film_id) do update set title = excluded.title, names = excluded.names, document = excluded.document;
    $$`)
    .execute(db);

  // Changes are noted per transaction and indexed once, just before it commits: an import batch that inserts a film,
  // then replaces its categories and people, re-indexes the film once instead of once per statement. The note is
  // keyed by transaction id so concurrent writers never wait on each other's notes.
  await sql`create table search_pending (
    tx bigint not null default txid_current(),
    film_id integer not null,
    primary key (tx, film_id)
  )`.execute(db);
  await sql
    .raw(`create function search_flush() returns trigger language plpgsql set search_path from current as $$
      declare
        ids integer[];
      begin
        -- The first deferred call of a transaction indexes everything it noted; later calls find nothing left.
        with done as (delete from search_pending where tx = txid_current() returning film_id)
          select array_agg(distinct film_id) into ids from done;
        if ids is not null then
          perform search_refresh(ids);
        end if;
        return null;
      end $$`)
    .execute(db);
  await sql
    .raw(`create constraint trigger search_pending_flush after insert on search_pending
      deferrable initially deferred for each row execute function search_flush()`)
    .execute(db);

  // Statement-level triggers with transition tables note every film a statement touched, in one insert.
  const note = (name: string, ids: string) =>
    sql
      .raw(`create function ${name}() returns trigger language plpgsql set search_path from current as $$
        begin
          insert into search_pending (film_id) select distinct id from (${ids}) ids(id) where id is not null
            on conflict do nothing;
          return null;
        end $$`)
      .execute(db);
  await note('search_note_films', 'select id from new_rows');
  await note('search_note_film_people_new', 'select film_id from new_rows');
  await note('search_note_film_people_old', 'select film_id from old_rows');
  await note(
    'search_note_people',
    'select fp.film_id from film_people fp join new_rows n on n.id = fp.person_id join old_rows o on o.id = n.id where o.name is distinct from n.name',
  );
  for (const statement of [
    `create trigger search_films_ai after insert on films referencing new table as new_rows
       for each statement execute function search_note_films()`,
    `create trigger search_films_au after update on films referencing new table as new_rows
       for each statement execute function search_note_films()`,
    `create trigger search_film_people_ai after insert on film_people referencing new table as new_rows
       for each statement execute function search_note_film_people_new()`,
    `create trigger search_film_people_ad after delete on film_people referencing old table as old_rows
       for each statement execute function search_note_film_people_old()`,
    `create trigger search_people_au after update on people referencing new table as new_rows old table as old_rows
       for each statement execute function search_note_people()`,
  ]) {
    await sql.raw(statement).execute(db);
  }
  await sql`select search_refresh(array(select id from films))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema.dropTable('search_documents').execute();
    for (const trigger of ['search_films_ai on films', 'search_films_au on films']) {
      await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    }
    await sql.raw('drop trigger if exists search_film_people_ai on film_people').execute(db);
    await sql.raw('drop trigger if exists search_film_people_ad on film_people').execute(db);
    await sql.raw('drop trigger if exists search_people_au on people').execute(db);
    await db.schema.dropTable('search_pending').execute();
    for (const fn of [
      'search_note_films()',
      'search_note_film_people_new()',
      'search_note_film_people_old()',
      'search_note_people()',
      'search_flush()',
    ]) {
      await sql.raw(`drop function if exists ${fn}`).execute(db);
    }
    await sql.raw('drop function if exists search_refresh(integer[])').execute(db);
    return;
  }
  for (const trigger of [
    'search_films_ai',
    'search_films_au',
    'search_films_ad',
    'search_film_people_ai',
    'search_film_people_ad',
    'search_people_au',
    'search_flush_on_insert',
    'search_flush_on_update',
  ]) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
  await sql`drop table if exists search_pending`.execute(db);
  await sql`drop table if exists search_trigram_stats`.execute(db);
  await sql`drop table if exists search_trigrams`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);
}
