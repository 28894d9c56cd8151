import { sql } from 'kysely';
import type { DbOrTx } from '../../../db/database.js';
import type { AdminTermRow, TermKind } from './catalog-admin.js';

/** The admin's category and genre queries: the public ones stay in taxonomy.repository.ts. */

const TABLE = { category: 'categories', genre: 'genres' } as const;
/** PostgreSQL types a bare parameter in a SELECT list as text, which an integer column then refuses. */
const asInteger = (value: number) => sql<number>`cast(${value} as integer)`;

export async function listCategoryRows(db: DbOrTx): Promise<AdminTermRow[]> {
  const rows = await db
    .selectFrom('categories')
    .leftJoin('film_categories', 'film_categories.category_id', 'categories.id')
    .select(['categories.id', 'categories.slug', 'categories.name', 'categories.parent_id', 'categories.position'])
    .select((eb) => eb.fn.count<number>('film_categories.film_id').as('count'))
    .groupBy(['categories.id', 'categories.slug', 'categories.name', 'categories.parent_id', 'categories.position'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    parentId: r.parent_id,
    position: r.position,
    count: Number(r.count),
  }));
}

export async function listGenreRows(db: DbOrTx): Promise<AdminTermRow[]> {
  const rows = await db
    .selectFrom('genres')
    .leftJoin('film_genres', 'film_genres.genre_id', 'genres.id')
    .select(['genres.id', 'genres.slug', 'genres.name', 'genres.position'])
    .select((eb) => eb.fn.count<number>('film_genres.film_id').as('count'))
    .groupBy(['genres.id', 'genres.slug', 'genres.name', 'genres.position'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    parentId: null,
    position: r.position,
    count: Number(r.count),
  }));
}

export async function findTermRow(db: DbOrTx, kind: TermKind, id: number) {
  if (kind === 'category') {
    return db
      .selectFrom('categories')
      .select(['id', 'slug', 'name', 'parent_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }
  const row = await db.selectFrom('genres').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
  return row ? { ...row, parent_id: null } : undefined;
}

export async function findTermIdBySlug(db: DbOrTx, kind: TermKind, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom(TABLE[kind]).select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

export async function insertTerm(
  db: DbOrTx,
  kind: TermKind,
  values: { slug: string; name: string; parentId: number | null; position: number; createdAt: string },
): Promise<number> {
  const base = { slug: values.slug, name: values.name, position: values.position, created_at: values.createdAt };
  const row =
    kind === 'category'
      ? await db
          .insertInto('categories')
          .values({ ...base, parent_id: values.parentId })
          .returning('id')
          .executeTakeFirstOrThrow()
      : await db.insertInto('genres').values(base).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTermName(db: DbOrTx, kind: TermKind, id: number, name: string, slug: string) {
  await db.updateTable(TABLE[kind]).set({ name, slug }).where('id', '=', id).execute();
}

export async function updateCategoryParent(db: DbOrTx, id: number, parentId: number | null) {
  await db.updateTable('categories').set({ parent_id: parentId }).where('id', '=', id).execute();
}

export async function updateTermPosition(db: DbOrTx, kind: TermKind, id: number, position: number) {
  await db.updateTable(TABLE[kind]).set({ position }).where('id', '=', id).execute();
}

/**
 * File every film of `sourceId` under `targetId` too (films already under both are not doubled), then take them out
 * of the source. Returns how many films the source had.
 */
export async function moveTermFilms(db: DbOrTx, kind: TermKind, sourceId: number, targetId: number): Promise<number> {
  if (kind === 'category') {
    const films = await db
      .selectFrom('film_categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('film_categories')
      .columns(['film_id', 'category_id'])
      .expression((eb) =>
        eb
          .selectFrom('film_categories as fc')
          .select(['fc.film_id', asInteger(targetId).as('category_id')])
          .where('fc.category_id', '=', sourceId)
          .where('fc.film_id', 'not in', (sub) =>
            sub.selectFrom('film_categories as t').select('t.film_id').where('t.category_id', '=', targetId),
          ),
      )
      .execute();
    await db.deleteFrom('film_categories').where('category_id', '=', sourceId).execute();
    await db
      .updateTable('films')
      .set({ primary_category_id: targetId })
      .where('primary_category_id', '=', sourceId)
      .execute();
    return Number(films.n);
  }
  const films = await db
    .selectFrom('film_genres')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('genre_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('film_genres')
    .columns(['film_id', 'genre_id'])
    .expression((eb) =>
      eb
        .selectFrom('film_genres as fg')
        .select(['fg.film_id', asInteger(targetId).as('genre_id')])
        .where('fg.genre_id', '=', sourceId)
        .where('fg.film_id', 'not in', (sub) =>
          sub.selectFrom('film_genres as t').select('t.film_id').where('t.genre_id', '=', targetId),
        ),
    )
    .execute();
  await db.deleteFrom('film_genres').where('genre_id', '=', sourceId).execute();
  return Number(films.n);
}

/** Redirects that pointed at a merged term now point at the term it merged into. */
export async function retargetRedirects(db: DbOrTx, kind: TermKind, fromId: number, toId: number) {
  await db
    .updateTable('slug_redirects')
    .set({ target_id: toId })
    .where('kind', '=', kind)
    .where('target_id', '=', fromId)
    .execute();
}

export async function reparentChildren(db: DbOrTx, fromId: number, toId: number) {
  await db
    .updateTable('categories')
    .set({ parent_id: toId })
    .where('parent_id', '=', fromId)
    .where('id', '!=', toId)
    .execute();
}

export async function deleteTerm(db: DbOrTx, kind: TermKind, id: number) {
  await db.deleteFrom(TABLE[kind]).where('id', '=', id).execute();
}
