import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { paginate } from '../../lib/pagination.js';
import { SLUG_CHARS, slugify } from '../../lib/slug.js';
import { type Actor, recordAudit } from '../audit/index.js';
import type { TagArchive } from './tags.js';
import {
  addFilmTags,
  countTagFilms,
  deleteTagRow,
  dropTagRedirect,
  insertTag,
  moveTagFilms,
  saveTagRedirect,
  selectFilmTags,
  selectRedirectedSlug,
  selectTag,
  selectTagBySlug,
  selectTagFilms,
  selectTagsWithCounts,
  updateTag,
} from './tags.repository.js';

/** A tag form's problem, shown next to its field in the admin list. */
export class TagEditError extends Error {
  constructor(
    readonly field: 'name' | 'targetId',
    message: string,
  ) {
    super(message);
  }
}

/** A tag's page of films; `redirectTo` for a slug it had before a rename or merge; null when there is none. */
export async function getTagArchive(
  db: DbOrTx,
  slug: string,
  requestedPage: number,
  pageSize: number,
): Promise<{ archive: TagArchive } | { redirectTo: string } | null> {
  const tag = await selectTagBySlug(db, slug);
  if (!tag) {
    const moved = await selectRedirectedSlug(db, slug);
    return moved ? { redirectTo: moved } : null;
  }
  const page = paginate(requestedPage, pageSize, await countTagFilms(db, tag.id));
  const rows = await selectTagFilms(db, tag.id, page.size, page.offset);
  return {
    archive: {
      tag: { slug: tag.slug, name: tag.name, description: tag.description },
      films: rows.map((r) => ({ ...r, posterKey: r.poster_key ?? null })),
      page,
    },
  };
}

export const listTags = (db: DbOrTx) => selectTagsWithCounts(db);
export const tagsOfFilm = (db: DbOrTx, filmId: number) => selectFilmTags(db, filmId);

function cleanName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw new TagEditError('name', 'name: a tag needs a name');
  if (name.length > 100) throw new TagEditError('name', 'name: at most 100 characters');
  return name;
}

async function freeSlug(tx: DbOrTx, name: string, exceptId: number | null): Promise<string> {
  const slug = slugify(name);
  if (!slug) throw new TagEditError('name', 'name: needs at least one letter or digit');
  const holder = await selectTagBySlug(tx, slug);
  if (holder && holder.id !== exceptId)
    throw new TagEditError('name', `name: the tag "${holder.name}" already has the address /tag/${slug}`);
  return slug;
}

export async function createTag(tx: Tx, actor: Actor, rawName: string, now: Date): Promise<string> {
  const name = cleanName(rawName);
  const slug = await freeSlug(tx, name, null);
  const id = await insertTag(tx, { slug, name, description: null, created_at: now.toISOString() });
  await dropTagRedirect(tx, slug);
  await recordAudit(
    tx,
    actor,
    { action: 'tag.create', targetType: 'tag', targetId: id, summary: `Created the tag "${name}"` },
    now,
  );
  return slug;
}

/** Rename; the old address redirects to the new one. Null for an unknown id. */
export async function renameTag(tx: Tx, actor: Actor, id: number, rawName: string, now: Date) {
  const tag = await selectTag(tx, id);
  if (!tag) return null;
  const name = cleanName(rawName);
  const slug = await freeSlug(tx, name, id);
  await updateTag(tx, id, { name, slug });
  if (slug !== tag.slug) {
    await dropTagRedirect(tx, slug);
    await saveTagRedirect(tx, tag.slug, id);
  }
  await recordAudit(
    tx,
    actor,
    { action: 'tag.rename', targetType: 'tag', targetId: id, summary: `Renamed the tag "${tag.name}" to "${name}"` },
    now,
  );
  return { slug, previousSlug: tag.slug };
}

/** Merge `id` into `targetId`: its films get the target tag, its address redirects there. Null for an unknown id. */
export async function mergeTag(tx: Tx, actor: Actor, id: number, targetId: number, now: Date) {
  const [tag, target] = await Promise.all([selectTag(tx, id), selectTag(tx, targetId)]);
  if (!tag) return null;
  if (!target) throw new TagEditError('targetId', 'targetId: there is no such tag to merge into');
  if (target.id === tag.id) throw new TagEditError('targetId', 'targetId: a tag cannot be merged into itself');
  const films = await countTagFilms(tx, id);
  await moveTagFilms(tx, id, targetId);
  await deleteTagRow(tx, id);
  await saveTagRedirect(tx, tag.slug, targetId);
  await recordAudit(
    tx,
    actor,
    {
      action: 'tag.merge',
      targetType: 'tag',
      targetId: targetId,
      summary: `Merged the tag "${tag.name}" (${films} films) into "${target.name}"`,
    },
    now,
  );
  return { films, target: target.name, targetSlug: target.slug };
}

/** Delete a tag (its films stay; its address answers 404). Null for an unknown id. */
export async function deleteTag(tx: Tx, actor: Actor, id: number, now: Date) {
  const tag = await selectTag(tx, id);
  if (!tag) return null;
  await deleteTagRow(tx, id);
  await recordAudit(
    tx,
    actor,
    { action: 'tag.delete', targetType: 'tag', targetId: id, summary: `Deleted the tag "${tag.name}"` },
    now,
  );
  return tag;
}

const VALID_SLUG = new RegExp(`^[${SLUG_CHARS}]+(-[${SLUG_CHARS}]+)*$`, 'u');

/**
 * A tag brought from another site, found by its slug (or the slug it had: a renamed tag is not created again) or
 * created. The old slug is kept when it is a valid Reelhouse slug, so /tag/<slug> answers as it did.
 */
export async function importTag(
  tx: DbOrTx,
  term: { slug: string; name: string; description: string | null },
  now: string,
): Promise<{ id: number; slug: string }> {
  let wanted = term.slug;
  try {
    wanted = decodeURIComponent(term.slug);
  } catch {
    // A malformed escape: the name decides the slug below.
  }
  const slug = VALID_SLUG.test(wanted) && wanted.length <= 80 ? wanted : slugify(term.name) || slugify(wanted);
  const existing = await selectTagBySlug(tx, slug);
  if (existing) return { id: existing.id, slug: existing.slug };
  const moved = await selectRedirectedSlug(tx, slug);
  if (moved) {
    const target = await selectTagBySlug(tx, moved);
    if (target) return { id: target.id, slug: target.slug };
  }
  const name = term.name.replace(/\s+/g, ' ').trim().slice(0, 100) || slug;
  const id = await insertTag(tx, { slug, name, description: term.description, created_at: now });
  return { id, slug };
}

/** Add tags to a film (an import adds; it never removes a tag an admin gave). */
export const tagFilm = (tx: DbOrTx, filmId: number, tagIds: number[]) => addFilmTags(tx, filmId, tagIds);
