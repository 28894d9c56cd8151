import type { Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { PageTable } from './pages.table.js';

export type PageRow = Selectable<PageTable>;

export const selectPageAt = (db: DbOrTx, path: string) =>
  db.selectFrom('pages').selectAll().where('path', '=', path).executeTakeFirst();

export const selectPage = (db: DbOrTx, id: number) =>
  db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();

export const selectPageBySource = (db: DbOrTx, source: string, sourceId: string) =>
  db.selectFrom('pages').selectAll().where('source', '=', source).where('source_id', '=', sourceId).executeTakeFirst();

export const selectPages = (db: DbOrTx) =>
  db
    .selectFrom('pages')
    .select(['id', 'path', 'title', 'published', 'source', 'updated_at'])
    .orderBy('title')
    .orderBy('id')
    .execute();

export async function insertPage(db: DbOrTx, row: Insertable<PageTable>): Promise<number> {
  const inserted = await db.insertInto('pages').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updatePageRow(
  db: DbOrTx,
  id: number,
  values: Pick<PageRow, 'path' | 'title' | 'markdown' | 'byline' | 'published' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('pages').set(values).where('id', '=', id).execute();
}

export async function deletePageRow(db: DbOrTx, id: number): Promise<boolean> {
  const result = await db.deleteFrom('pages').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
