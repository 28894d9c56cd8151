import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

/** The highest film id: one index lookup, where counting films reads them all. */
export async function maxFilmId(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('films')
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Up to `limit` films with ids in (after, upTo], by id, with their last change: one index range, wherever it lies. */
export async function listFilmsForSitemap(db: DbOrTx, after: number, upTo: number, limit: number) {
  return db
    .selectFrom('films')
    .select(['id', 'slug', 'updated_at'])
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The newest change among films with ids in one sitemap file's range, for the index's lastmod. */
export async function lastFilmChange(db: DbOrTx): Promise<string | null> {
  const row = await db
    .selectFrom('films')
    .select((eb) => eb.fn.max('updated_at').as('last'))
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

/**
 * Up to `limit` categories or genres whose slug sorts after `afterSlug`, by slug, each with the last change of any
 * film in it (null for an empty term): a page of the pages sitemap, read by keyset.
 */
export async function listTermsForSitemap(
  db: DbOrTx,
  kind: 'categories' | 'genres',
  afterSlug: string | null,
  limit: number,
) {
  const link = kind === 'categories' ? 'film_categories' : 'film_genres';
  const column = kind === 'categories' ? 'category_id' : 'genre_id';
  // One join and aggregate over the page's terms: a subquery per term made PostgreSQL walk each term's links
  // through the films' key one by one (40 s for 330 terms at 150,000 films, against 1.6 s for the hash join).
  const rows = await sql<{ slug: string; last: string | null }>`
    select t.slug as slug, max(f.updated_at) as last
    from (
      select id, slug from ${sql.table(kind)}
      where ${afterSlug === null ? sql`1 = 1` : sql`slug > ${afterSlug}`}
      order by slug limit ${limit}
    ) as t
    left join ${sql.table(link)} l on l.${sql.ref(column)} = t.id
    left join films f on f.id = l.film_id
    group by t.id, t.slug
    order by t.slug`.execute(db);
  return rows.rows;
}

export interface FeedFilm {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  createdAt: string;
  updatedAt: string;
  categories: string[];
}

/** The newest films, optionally of one category, for feeds. */
export async function listNewestForFeed(db: DbOrTx, limit: number, categoryId?: number): Promise<FeedFilm[]> {
  let query = db
    .selectFrom('films')
    .select(['id', 'slug', 'title', 'year', 'synopsis', 'created_at', 'updated_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (categoryId !== undefined) {
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('film_categories').select('film_id').where('category_id', '=', categoryId),
    );
  }
  const films = await query.execute();
  const ids = films.map((f) => f.id);
  const categories = ids.length
    ? await db
        .selectFrom('film_categories')
        .innerJoin('categories', 'categories.id', 'film_categories.category_id')
        .select(['film_categories.film_id', 'categories.name'])
        .where('film_categories.film_id', 'in', ids)
        .execute()
    : [];
  return films.map((f) => ({
    slug: f.slug,
    title: f.title,
    year: f.year,
    synopsis: f.synopsis,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
    categories: categories.filter((c) => c.film_id === f.id).map((c) => c.name),
  }));
}

export async function findCategory(db: DbOrTx, slug: string) {
  return db.selectFrom('categories').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}
