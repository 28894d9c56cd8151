import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { slugify } from '../../lib/slug.js';
import type { TermWithCount } from './film.js';

type TermTable = 'categories' | 'genres';

async function ensureTerm(db: DbOrTx, table: TermTable, name: string, now: string): Promise<number> {
  const slug = slugify(name) || 'untitled';
  const existing = await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing.id;
  // A term an admin renamed or merged away keeps its old slug as a redirect: the importer files films under the term
  // it became, instead of bringing the old one back.
  const redirected = await db
    .selectFrom('slug_redirects')
    .select('target_id')
    .where('kind', '=', table === 'categories' ? 'category' : 'genre')
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  if (redirected) return redirected.target_id;
  const row = await db
    .insertInto(table)
    .values({ slug, name, position: 0, created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  // Another writer created it between our read and insert.
  const raced = await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return raced.id;
}

export const ensureCategory = (db: DbOrTx, name: string, now: string) => ensureTerm(db, 'categories', name, now);
export const ensureGenre = (db: DbOrTx, name: string, now: string) => ensureTerm(db, 'genres', name, now);

export async function ensurePerson(db: DbOrTx, name: string): Promise<number> {
  const base = slugify(name) || 'person';
  // Two different people can share a slug base ("John Smith" and "John Smith (actor)"); same name means same row.
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const existing = await db.selectFrom('people').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst();
    if (existing && existing.name === name) return existing.id;
    if (existing) continue;
    const row = await db
      .insertInto('people')
      .values({ slug, name })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
  }
}

export async function findTermBySlug(db: DbOrTx, table: TermTable, slug: string) {
  return db.selectFrom(table).select(['id', 'slug', 'name', 'film_count']).where('slug', '=', slug).executeTakeFirst();
}

export async function findPersonBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('people').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/**
 * Every category with its film count, largest first; empty ones are kept (an admin may have just made one). The
 * counts are kept on the rows by triggers (migration 76), so this reads as many rows as there are categories.
 */
export async function listCategoriesWithCounts(db: DbOrTx): Promise<TermWithCount[]> {
  return (await listTermsWithIds(db, 'categories')).map(({ id: _id, ...term }) => term);
}

export async function listGenresWithCounts(db: DbOrTx): Promise<TermWithCount[]> {
  return (await listTermsWithIds(db, 'genres')).map(({ id: _id, ...term }) => term);
}

/**
 * Every category or genre with its id and kept count, in the order the site lists them: the admin's order first (all
 * 0 until someone reorders), then largest first, then by name. The home page reads shelves by id from it.
 */
export async function listTermsWithIds(db: DbOrTx, table: TermTable): Promise<Array<TermWithCount & { id: number }>> {
  const rows = await db
    .selectFrom(table)
    .select(['id', 'slug', 'name', 'film_count'])
    .orderBy('position')
    .orderBy('film_count', 'desc')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, count: Number(r.film_count) }));
}

/** Decades with films, oldest first, as terms: slug and name "1990s". */
export async function listDecadesWithCounts(db: DbOrTx): Promise<TermWithCount[]> {
  const decade = sql<number>`(films.year / 10) * 10`;
  const rows = await db
    .selectFrom('films')
    .select(decade.as('decade'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('films.year', 'is not', null)
    .groupBy(decade)
    .orderBy(decade)
    .execute();
  return rows.map((r) => ({ slug: `${r.decade}s`, name: `${r.decade}s`, count: Number(r.count) }));
}

/** Countries of origin with films, most films first; the slug is made from the stored name. */
export async function listCountriesWithCounts(db: DbOrTx): Promise<TermWithCount[]> {
  const rows = await db
    .selectFrom('films')
    .select('origin')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('origin', 'is not', null)
    .where('origin', '!=', '')
    .groupBy('origin')
    .orderBy('count', 'desc')
    .orderBy('origin')
    .execute();
  return rows.flatMap((r) => {
    const slug = slugify(r.origin ?? '');
    return slug ? [{ slug, name: r.origin!, count: Number(r.count) }] : [];
  });
}
