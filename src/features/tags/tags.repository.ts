import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';

/** PostgreSQL types a bare parameter in a SELECT list as text, which an integer column then refuses. */
const asInteger = (value: number) => sql<number>`cast(${value} as integer)`;

export const selectTagBySlug = (db: DbOrTx, slug: string) =>
  db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();

export const selectTag = (db: DbOrTx, id: number) =>
  db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();

export async function selectRedirectedSlug(db: DbOrTx, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('tag_redirects')
    .innerJoin('tags', 'tags.id', 'tag_redirects.tag_id')
    .select('tags.slug')
    .where('tag_redirects.old_slug', '=', oldSlug)
    .executeTakeFirst();
  return row?.slug;
}

export async function selectTagsWithCounts(db: DbOrTx) {
  const rows = await db
    .selectFrom('tags')
    .leftJoin('film_tags', 'film_tags.tag_id', 'tags.id')
    .select(['tags.id', 'tags.slug', 'tags.name'])
    .select((eb) => eb.fn.count<number>('film_tags.film_id').as('count'))
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .orderBy('tags.name')
    .orderBy('tags.id')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, count: Number(r.count) }));
}

export async function countTagFilms(db: DbOrTx, tagId: number): Promise<number> {
  const row = await db
    .selectFrom('film_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tag_id', '=', tagId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a tag's films, newest added first. */
export const selectTagFilms = (db: DbOrTx, tagId: number, limit: number, offset: number) =>
  db
    .selectFrom('films')
    .innerJoin('film_tags', 'film_tags.film_id', 'films.id')
    .select(['films.slug', 'films.title', 'films.year', 'films.synopsis', 'films.poster_key'])
    .where('film_tags.tag_id', '=', tagId)
    .orderBy('films.created_at', 'desc')
    .orderBy('films.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();

// Every film page reads them: prepared once (src/db/prepared-query.ts).
export const selectFilmTags = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('film_tags')
    .innerJoin('tags', 'tags.id', 'film_tags.tag_id')
    .select(['tags.slug', 'tags.name'])
    .where('film_tags.film_id', '=', filmId)
    .orderBy('tags.name'),
);

export async function insertTag(
  db: DbOrTx,
  values: { slug: string; name: string; description: string | null; created_at: string },
): Promise<number> {
  return (await db.insertInto('tags').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTag(
  db: DbOrTx,
  id: number,
  values: { slug?: string; name?: string; description?: string | null },
) {
  await db.updateTable('tags').set(values).where('id', '=', id).execute();
}

export async function saveTagRedirect(db: DbOrTx, oldSlug: string, tagId: number) {
  await db
    .insertInto('tag_redirects')
    .values({ old_slug: oldSlug, tag_id: tagId })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ tag_id: tagId }))
    .execute();
}

/** A slug in use again by a tag no longer redirects elsewhere. */
export async function dropTagRedirect(db: DbOrTx, slug: string) {
  await db.deleteFrom('tag_redirects').where('old_slug', '=', slug).execute();
}

/** Tag every film of `sourceId` with `targetId` too (never twice); redirects to the source follow. */
export async function moveTagFilms(db: DbOrTx, sourceId: number, targetId: number) {
  await db
    .insertInto('film_tags')
    .columns(['film_id', 'tag_id'])
    .expression((eb) =>
      eb
        .selectFrom('film_tags as ft')
        .select(['ft.film_id', asInteger(targetId).as('tag_id')])
        .where('ft.tag_id', '=', sourceId)
        .where('ft.film_id', 'not in', (sub) =>
          sub.selectFrom('film_tags as t').select('t.film_id').where('t.tag_id', '=', targetId),
        ),
    )
    .execute();
  await db.updateTable('tag_redirects').set({ tag_id: targetId }).where('tag_id', '=', sourceId).execute();
}

export async function deleteTagRow(db: DbOrTx, id: number) {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

export async function addFilmTags(db: DbOrTx, filmId: number, tagIds: number[]) {
  const have = new Set(
    (await db.selectFrom('film_tags').select('tag_id').where('film_id', '=', filmId).execute()).map((r) => r.tag_id),
  );
  const missing = [...new Set(tagIds)].filter((id) => !have.has(id));
  if (missing.length)
    await db
      .insertInto('film_tags')
      .values(missing.map((tag_id) => ({ film_id: filmId, tag_id })))
      .execute();
}
