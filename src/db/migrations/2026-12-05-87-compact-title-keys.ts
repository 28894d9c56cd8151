import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A title's compact key beside its words in the full-text index (decision 038): the title without a leading
// article, spaces and punctuation ("Spider-Man" → "spiderman", "New Year's Eve" → "newyearseve", "The Bells of
// St. Mary's" → "bellsofstmarys"), so a title typed without its inner marks or split elsewhere is found by one more
// index term instead of a retry. Added only when it differs from the title's one word. Same rule on both databases;
// SQLite's lower() folds ASCII only, and its tokenizer folds the rest (case and accents) as it does for the words.

const SEPARATORS = [' ', '-', "'", '’', '.', ':', ',', '!', '?', '/', '&', '(', ')', '"', ';', '–', '—', '…', '*'];

/** SQLite: the compact key of a text expression. */
function sqliteKey(text: string): string {
  const stripped = `(case when lower(${text}) like 'the %' then substr(${text}, 5)
    when lower(${text}) like 'an %' then substr(${text}, 4)
    when lower(${text}) like 'a %' then substr(${text}, 3) else ${text} end)`;
  let key = `lower(${stripped})`;
  for (const mark of SEPARATORS) key = `replace(${key}, '${mark.replace(/'/g, "''")}', '')`;
  return `(case when ${key} = lower(${stripped}) then ${text} else ${text} || ' ' || ${key} end)`;
}

/** PostgreSQL: the same, with unaccent and a character class for every mark. */
function postgresKey(text: string): string {
  const stripped = `regexp_replace(${text}, '^(the|an|a)\\s+', '', 'i')`;
  const plain = `lower(public.unaccent('public.unaccent'::regdictionary, ${stripped}))`;
  const key = `regexp_replace(${plain}, '[^[:alnum:]]+', '', 'g')`;
  return `(case when ${key} = ${plain} then ${text} else ${text} || ' ' || ${key} end)`;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await postgresRefresh(db, true);
  else await sqliteIndex(db, true);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await postgresRefresh(db, false);
  else await sqliteIndex(db, false);
}

/** The flush triggers name what goes in each column: they are made again, and every film re-indexed. */
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function sqliteIndex(db: Kysely<any>, withKeys: boolean): Promise<void> {
  const title = withKeys ? sqliteKey('f.title') : 'f.title';
  const original = withKeys ? sqliteKey("coalesce(f.original_title, '')") : "coalesce(f.original_title, '')";
  const people = (role: 'director' | 'cast') =>
    `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp join people p on p.id = fp.person_id
      where fp.film_id = f.id and fp.role = '${role}')`;
  const names = `(select coalesce(group_concat(p.name, ' | '), '') from film_people fp
      join people p on p.id = fp.person_id where fp.film_id = f.id)`;
  const fill = (where: string) => [
    `insert into search_fts(rowid, title, original_title, directors, actors, synopsis)
      select f.id, ${title}, ${original}, ${people('director')}, ${people('cast')}, f.synopsis from films f ${where};`,
    `insert into search_trigrams(rowid, title, original_title, names)
      select f.id, f.title, coalesce(f.original_title, ''), ${names} from films f ${where};`,
  ];
  const flush = [
    'delete from search_fts where rowid in (select film_id from search_pending);',
    'delete from search_trigrams where rowid in (select film_id from search_pending);',
    ...fill('where f.id in (select film_id from search_pending)'),
    'delete from search_pending;',
  ].join('\n');
  for (const event of ['insert', 'update']) {
    await sql.raw(`drop trigger if exists search_flush_on_${event}`).execute(db);
    await sql
      .raw(`create trigger search_flush_on_${event} after ${event} on site_state
        when new.key like 'version:%' and exists (select 1 from search_pending)
        begin ${flush} end`)
      .execute(db);
  }
  await sql`delete from search_fts`.execute(db);
  await sql.raw(fill('')[0]!).execute(db);
  // Deleting and re-inserting every row leaves the old entries and their delete markers in extra segments (twice
  // the index pages, and searches about twice as slow, measured over 36,253 films) until FTS5 merges them: now.
  await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
}

/** The re-indexing function of 2026-12-04-12, with or without the keys; then every film re-indexed. */
// biome-ignore lint/suspicious/noExplicitAny: see up().
async function postgresRefresh(db: Kysely<any>, withKeys: boolean): Promise<void> {
  const fold = (text: string) => `lower(public.unaccent('public.unaccent'::regdictionary, ${text}))`;
  const words = (text: string, weight: string) =>
    `setweight(to_tsvector('simple', public.unaccent('public.unaccent'::regdictionary, ${text})), '${weight}')`;
  const keyed = (text: string) => (withKeys ? postgresKey(text) : text);
  await sql
    .raw(`create or replace function search_refresh(ids integer[]) returns void language sql
      set search_path from current as $$
      delete from search_documents where film_id = any(ids) and film_id not in (select id from films);
      insert into search_documents (film_id, title, original_title, names, document)
      select f.id, ${fold('f.title')}, ${fold("coalesce(f.original_title, '')")},
        ${fold("coalesce(n.everyone, '')")},
        ${words(keyed('f.title'), 'A')} ||
        ${words(keyed("coalesce(f.original_title, '')"), 'A')} ||
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
      on conflict (film_id) do update set title = excluded.title, original_title = excluded.original_title,
        names = excluded.names, document = excluded.document;
    $$`)
    .execute(db);
  await sql`select search_refresh(array(select id from films))`.execute(db);
}
