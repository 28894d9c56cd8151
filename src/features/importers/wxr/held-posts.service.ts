import type { DbOrTx } from '../../../db/database.js';
import type { Tx } from '../../../kernel/unit-of-work.js';
import { type Actor, recordAudit } from '../../audit/index.js';
import { findImportedFilm, importCategory, saveImportedFilm } from '../../catalog/index.js';
import { type HeldPost, parseHeldPost } from './held-post.js';
import { legacyKey } from './legacy-path.js';
import {
  findImportedItem,
  saveImportedItem,
  saveRedirect,
  saveWriteup,
  selectHeldItems,
} from './wxr-import.repository.js';

export interface HeldPostRow {
  source: string;
  postId: string;
  post: HeldPost;
}

export const HELD_LIST_LIMIT = 500;

/** The film posts an import held back (drafts, pending, private, future), for the admin to review. */
export async function listHeldPosts(db: DbOrTx): Promise<HeldPostRow[]> {
  const rows = await selectHeldItems(db, HELD_LIST_LIMIT);
  return rows.flatMap((r) => {
    const post = parseHeldPost(r.held);
    return post ? [{ source: r.source, postId: r.post_id, post }] : [];
  });
}

const basePathOf = (site: string) => {
  try {
    return new URL(site).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
};

/**
 * Publish a held film post: the film is created as the import creates a published one (same source key, so a later
 * import of the same export finds it), with its categories, write-up and old addresses, in the caller's transaction.
 * Null when there is no such held post.
 */
export async function publishHeldPost(
  tx: Tx,
  actor: Actor,
  source: string,
  postId: string,
  now: Date,
): Promise<{ id: number; slug: string; title: string } | null> {
  const record = await findImportedItem(tx, source, postId);
  const post = record?.kind === 'unpublished' ? parseHeldPost(record.held) : null;
  if (!record || !post) return null;
  const at = now.toISOString();
  const ids = new Map<string, number>();
  for (const term of post.categoryTerms ?? []) {
    const parentId = term.parentSlug ? (ids.get(term.parentSlug) ?? null) : null;
    ids.set(term.slug, await importCategory(tx, { ...term, parentId }, at));
  }
  const categoryIds = post.categories.flatMap((slug) => {
    const id = ids.get(slug);
    return id === undefined ? [] : [id];
  });
  const filmSource = `wxr:${source}`;
  await saveImportedFilm(
    tx,
    {
      source: filmSource,
      sourceId: postId,
      sourceUrl: null,
      title: post.title.slice(0, 300),
      originalTitle: null,
      year: post.year,
      synopsis: post.synopsis.slice(0, 20_000),
      origin: null,
      language: null,
      categories: post.categories,
      categoryIds: [...new Set(categoryIds)],
      genres: [],
      directors: post.directors.slice(0, 50),
      cast: post.cast.slice(0, 50),
    },
    at,
  );
  const film = await findImportedFilm(tx, filmSource, postId);
  if (!film) throw new Error(`the held post ${postId} was not stored as a film`);
  await saveWriteup(tx, film.id, post.markdown, post.byline ?? null);
  const target = `/film/${film.slug}`;
  const basePath = basePathOf(source);
  for (const old of [post.link, `/?p=${postId}`]) {
    const key = old ? legacyKey(old, basePath) : null;
    if (key && key !== '/') await saveRedirect(tx, source, key, target);
  }
  await saveImportedItem(tx, {
    ...record,
    kind: 'film',
    film_id: film.id,
    film_updated_at: film.updatedAt,
    held: null,
  });
  await recordAudit(
    tx,
    actor,
    {
      action: 'film.publish',
      targetType: 'film',
      targetId: film.id,
      summary: `Published the imported ${post.status} post "${post.title}" as ${target}`,
    },
    now,
  );
  return { id: film.id, slug: film.slug, title: post.title };
}
