import { sql } from 'kysely';
import type { DbOrTx } from '../../../db/database.js';
import { preparedQuery } from '../../../db/prepared-query.js';

export async function findImportedItem(db: DbOrTx, source: string, postId: string) {
  return db
    .selectFrom('wp_import_items')
    .selectAll()
    .where('source', '=', source)
    .where('post_id', '=', postId)
    .executeTakeFirst();
}

/** The records of many posts at once (one batch of an import), by post id. */
export async function findImportedItems(db: DbOrTx, source: string, postIds: string[]) {
  if (postIds.length === 0) return new Map<string, ImportedItemRow>();
  const rows = await db
    .selectFrom('wp_import_items')
    .selectAll()
    .where('source', '=', source)
    .where('post_id', 'in', postIds)
    .execute();
  return new Map(rows.map((r) => [r.post_id, r]));
}

export type ImportedItemRow = NonNullable<Awaited<ReturnType<typeof findImportedItem>>>;

interface ImportedItemValues {
  source: string;
  post_id: string;
  kind: string;
  film_id: number | null;
  content_hash: string;
  film_updated_at: string | null;
  held: string | null;
  created_at: string;
}

/** Many records in one statement (a batch of posts; a few hundred at most, for the bound-parameter limits). */
export async function saveImportedItems(db: DbOrTx, rows: ImportedItemValues[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('wp_import_items')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['source', 'post_id']).doUpdateSet({
        kind: sql`excluded.kind`,
        film_id: sql`excluded.film_id`,
        content_hash: sql`excluded.content_hash`,
        film_updated_at: sql`excluded.film_updated_at`,
        held: sql`excluded.held`,
      }),
    )
    .execute();
}

export async function saveImportedItem(db: DbOrTx, row: ImportedItemValues): Promise<void> {
  await db
    .insertInto('wp_import_items')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['source', 'post_id']).doUpdateSet({
        kind: row.kind,
        film_id: row.film_id,
        content_hash: row.content_hash,
        film_updated_at: row.film_updated_at,
        held: row.held,
      }),
    )
    .execute();
}

/** Our ids of the comments of this export already imported, by WordPress comment id. */
export async function importedCommentIds(db: DbOrTx, source: string, wpIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  // A thousand ids a query keeps any batch under the bound-parameter limits, however many comments a post has.
  for (let at = 0; at < wpIds.length; at += 1000) {
    const rows = await db
      .selectFrom('wp_import_comments')
      .select(['wp_comment_id', 'comment_id'])
      .where('source', '=', source)
      .where('wp_comment_id', 'in', wpIds.slice(at, at + 1000))
      .execute();
    for (const r of rows) if (r.comment_id !== null) found.set(r.wp_comment_id, r.comment_id);
  }
  return found;
}

export async function recordImportedComment(db: DbOrTx, source: string, wpId: string, id: number): Promise<void> {
  await db
    .insertInto('wp_import_comments')
    .values({ source, wp_comment_id: wpId, comment_id: id })
    .onConflict((oc) => oc.columns(['source', 'wp_comment_id']).doUpdateSet({ comment_id: id }))
    .execute();
}

/** Many at once (the comments of one post); the caller keeps it under the bound-parameter limits. */
export async function recordImportedComments(
  db: DbOrTx,
  source: string,
  pairs: Array<{ wpId: string; id: number }>,
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto('wp_import_comments')
    .values(pairs.map((p) => ({ source, wp_comment_id: p.wpId, comment_id: p.id })))
    .onConflict((oc) => oc.columns(['source', 'wp_comment_id']).doUpdateSet({ comment_id: sql`excluded.comment_id` }))
    .execute();
}

export async function saveWriteup(db: DbOrTx, filmId: number, markdown: string, byline: string | null): Promise<void> {
  await db
    .insertInto('film_writeups')
    .values({ film_id: filmId, markdown, byline })
    .onConflict((oc) => oc.column('film_id').doUpdateSet({ markdown, byline }))
    .execute();
}

// Every film page reads it: prepared once (src/db/prepared-query.ts).
const writeupOfFilm = preparedQuery((db: DbOrTx, filmId: number) =>
  db.selectFrom('film_writeups').selectAll().where('film_id', '=', filmId),
);

export async function findWriteup(db: DbOrTx, filmId: number) {
  const [row] = await writeupOfFilm(db, filmId);
  return row;
}

/** Returns whether the address was new. */
export async function saveRedirect(db: DbOrTx, source: string, path: string, target: string): Promise<boolean> {
  const existing = await db.selectFrom('legacy_redirects').select('target').where('path', '=', path).executeTakeFirst();
  if (existing?.target === target) return false;
  await db
    .insertInto('legacy_redirects')
    .values({ path, target, source })
    .onConflict((oc) => oc.column('path').doUpdateSet({ target, source }))
    .execute();
  return !existing;
}

/**
 * Store many old addresses (path → target) at once; returns how many were new. Paths already pointing at their target
 * are left alone, so a re-import writes nothing. At most a few hundred paths per call (bound-parameter limits).
 */
export async function saveRedirects(db: DbOrTx, source: string, targets: Map<string, string>): Promise<number> {
  if (targets.size === 0) return 0;
  const rows = await db
    .selectFrom('legacy_redirects')
    .select(['path', 'target'])
    .where('path', 'in', [...targets.keys()])
    .execute();
  const existing = new Map(rows.map((r) => [r.path, r.target]));
  const changed = [...targets].filter(([path, target]) => existing.get(path) !== target);
  if (changed.length === 0) return 0;
  await db
    .insertInto('legacy_redirects')
    .values(changed.map(([path, target]) => ({ path, target, source })))
    .onConflict((oc) => oc.column('path').doUpdateSet({ target: sql`excluded.target`, source: sql`excluded.source` }))
    .execute();
  return changed.filter(([path]) => !existing.has(path)).length;
}

export async function findRedirectTarget(db: DbOrTx, path: string): Promise<string | undefined> {
  const row = await db.selectFrom('legacy_redirects').select('target').where('path', '=', path).executeTakeFirst();
  return row?.target;
}

/** Film posts held unpublished by an import, oldest first. */
export async function selectHeldItems(db: DbOrTx, limit: number) {
  return db
    .selectFrom('wp_import_items')
    .select(['source', 'post_id', 'held', 'created_at'])
    .where('kind', '=', 'unpublished')
    .orderBy('created_at')
    .orderBy('source')
    .orderBy('post_id')
    .limit(limit)
    .execute();
}

/** After the import itself changed the film (its poster), so that change is not mistaken for an admin's edit. */
export async function updateImportedFilmStamp(db: DbOrTx, source: string, postId: string, updatedAt: string) {
  await db
    .updateTable('wp_import_items')
    .set({ film_updated_at: updatedAt })
    .where('source', '=', source)
    .where('post_id', '=', postId)
    .execute();
}
