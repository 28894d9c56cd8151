import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A film's title in its own language ("7번방의 선물", "Le Fabuleux Destin d'Amélie Poulain"), null when it has none
// or it is the same as the title. Search indexes it below the title and above the directors (decision 012).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('films').addColumn('original_title', 'text').execute();
  if (isPostgres(db)) await upPostgres(db);
  else await rebuildSqlite(db, true);
}

// FTS5 tables cannot gain or lose a column: the index tables and the triggers that name their columns are made
// again, with or without the original title, and refilled.
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function rebuildSqlite(db: Kysely<any>, withOriginal: boolean): Promise<void> {
  for (const trigger of ['search_films_au', 'search_flush_on_insert', 'search_flush_on_update']) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
  await sql`drop table if exists search_trigram_stats`.execute(db);
  await sql`drop table if exists search_trigrams`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);

  const column = withOriginal ? 'original_title, ' : '';
  const value = withOriginal ? "coalesce(f.original_title, ''), " : '';
  await sql
    .raw(`create virtual table search_fts using fts5(
      title, ${column}directors, actors, synopsis,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )`)
    .execute(db);
  await sql
    .raw(`create virtual table search_trigrams using fts5(
      title, ${column}names, tokenize = 'trigram remove_diacritics 1'
    )`)
    .execute(db);
  await sql`create virtual table search_trigram_stats using fts5vocab(search_trigrams, 'row')`.execute(db);

  const people = (role: 'director' | 'cast') =>
    `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp join people p on p.id = fp.person_id
      where fp.film_id = f.id and fp.role = '${role}')`;
  const names = `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp
      join people p on p.id = fp.person_id where fp.film_id = f.id)`;
  const fill = (where: string) => [
    `insert into search_fts(rowid, title, ${column}directors, actors, synopsis)
      select f.id, f.title, ${value}${people('director')}, ${people('cast')}, f.synopsis from films f ${where};`,
    `insert into search_trigrams(rowid, title, ${column}names)
      select f.id, f.title, ${value}${names} from films f ${where};`,
  ];
  const flush = [
    'delete from search_fts where rowid in (select film_id from search_pending);',
    'delete from search_trigrams where rowid in (select film_id from search_pending);',
    ...fill('where f.id in (select film_id from search_pending)'),
    'delete from search_pending;',
  ].join('\n');
  await sql
    .raw(`create trigger search_films_au after update of title, ${column}synopsis on films
      begin insert or ignore into search_pending (film_id) values (new.id); end`)
    .execute(db);
  for (const event of ['insert', 'update']) {
    await sql
      .raw(`create trigger search_flush_on_${event} after ${event} on site_state
        when new.key like 'version:%' and exists (select 1 from search_pending)
        begin ${flush} end`)
      .execute(db);
  }
  // Every film, those noted by an earlier write included.
  for (const statement of fill('')) await sql.raw(statement).execute(db);
  await sql`delete from search_pending`.execute(db);
}

/** The PostgreSQL re-indexing function, with or without the original title. */
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function createRefreshFunction(db: Kysely<any>, withOriginal: boolean): Promise<void> {
  const fold = (text: string) => `lower(public.unaccent('public.unaccent'::regdictionary, ${text}))`;
  const words = (text: string, weight: string) =>
    `setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, ${text})), '${weight}')`;
  // Four weight labels only: the original title shares A with the title, and the re-ranking that both databases
  // share (features/search/search.service.ts) puts a film whose title matches above one whose original title does.
  await sql
    .raw(`create or replace function search_refresh(ids integer[]) returns void language sql
      set search_path from current as $$
      delete from search_documents where film_id = any(ids) and film_id not in (select id from films);
      insert into search_documents (film_id, title, ${withOriginal ? 'original_title, ' : ''}names, document)
      select f.id, ${fold('f.title')}, ${withOriginal ? `${fold("coalesce(f.original_title, '')")}, ` : ''}
        ${fold("coalesce(n.everyone, '')")},
        ${words('f.title', 'A')} ||
        ${withOriginal ? `${words("coalesce(f.original_title, '')", 'A')} ||` : ''}
        ${words("coalesce(n.directors, '')", 'B')} ||
        ${words("coalesce(n.actors, '')", 'C')} ||
        ${words('f.synopsis', 'D')}
      from films f
      left join lateral (
        select string_agg(p.name, ' | ') filter (where fp.role = 'director') as directors,
               string_agg(p.name, ' | ') filter (where fp.role = 'cast') as actors,
               string_agg(p.name, ' | ') as everyone
        from film_people fp join people p on p.id = fp.person_id where fp.film_id = f.id
      ) n on true
      where f.id = any(ids)
      on conflict (film_id) do update set title = excluded.title,
        ${withOriginal ? 'original_title = excluded.original_title, ' : ''}names = excluded.names,
        document = excluded.document;
    $$`)
    .execute(db);
}

// The statement-level update trigger on films already notes every updated film, whatever column changed.
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function upPostgres(db: Kysely<any>): Promise<void> {
  // Lower-cased, accents removed, '' when none: what the trigram fallback compares the query with, like the title.
  await sql`alter table search_documents add column original_title text not null default ''`.execute(db);
  await sql`create index search_documents_original_title_trgm_idx on search_documents
    using gin (original_title public.gin_trgm_ops)`.execute(db);
  await createRefreshFunction(db, true);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await createRefreshFunction(db, false);
    await sql`drop index if exists search_documents_original_title_trgm_idx`.execute(db);
    await sql`alter table search_documents drop column original_title`.execute(db);
  } else {
    // The triggers name the column, so they go first; the index is rebuilt as it was before.
    await sql.raw('drop trigger if exists search_films_au').execute(db);
    await sql.raw('drop trigger if exists search_flush_on_insert').execute(db);
    await sql.raw('drop trigger if exists search_flush_on_update').execute(db);
  }
  await db.schema.alterTable('films').dropColumn('original_title').execute();
  if (!isPostgres(db)) await rebuildSqlite(db, false);
}
