import type { DbOrTx } from '../../../db/database.js';
import type { Tx, Writer } from '../../../kernel/unit-of-work.js';
import { slugify } from '../../../lib/slug.js';
import { type Actor, recordAudit } from '../../audit/index.js';
import { addSlugRedirect } from '../film.repository.js';
import type { AdminTermRow, TermKind, TermNode } from './catalog-admin.js';
import { deleteSlugRedirect } from './films.repository.js';
import { CatalogEditError } from './films.service.js';
import {
  deleteTerm,
  findTermIdBySlug,
  findTermRow,
  insertTerm,
  listCategoryRows,
  listGenreRows,
  moveTermFilms,
  reparentChildren,
  retargetRedirects,
  updateCategoryParent,
  updateTermName,
  updateTermPosition,
} from './terms.repository.js';

/**
 * Categories and genres as the admin organises them: create, rename (the old address keeps redirecting), nest
 * (categories only, never in a cycle), merge (films move, the merged address redirects to the survivor) and reorder.
 * Like the film writes, each runs inside the caller's transaction (writeTerms) and records its audit entry there.
 */

export type { AdminTermRow, TermKind, TermNode };

const NOUN: Record<TermKind, string> = { category: 'category', genre: 'genre' };
const MAX_NAME = 100;

/**
 * Siblings in display order. Before anyone reorders, every position is 0 and the public pages fall back to "most
 * films first, then by name"; the admin shows that same order, so the first move starts from what visitors see.
 */
const bySiblingOrder = (a: AdminTermRow, b: AdminTermRow) =>
  a.position - b.position || b.count - a.count || a.name.localeCompare(b.name) || a.id - b.id;

/** Rows as a forest, children under their parent, each level in display order. Rows in a (corrupt) cycle go last. */
export function buildTree(rows: AdminTermRow[]): TermNode[] {
  const nodes = new Map(rows.map((r) => [r.id, { ...r, depth: 0, children: [] as TermNode[] }]));
  const roots: TermNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const seen = new Set<number>();
  const visit = (list: TermNode[], depth: number) => {
    list.sort(bySiblingOrder);
    for (const node of list) {
      seen.add(node.id);
      node.depth = depth;
      visit(node.children, depth + 1);
    }
  };
  visit(roots, 0);
  for (const node of nodes.values()) if (!seen.has(node.id)) roots.push({ ...node, children: [] });
  return roots;
}

/** Depth-first: a parent, then its children, then the next parent. The order of the admin list and of `position`. */
export function flattenTree(roots: TermNode[]): TermNode[] {
  const out: TermNode[] = [];
  const walk = (list: TermNode[]) => {
    for (const node of list) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(roots);
  return out;
}

export async function listCategoryTree(db: DbOrTx): Promise<TermNode[]> {
  return flattenTree(buildTree(await listCategoryRows(db)));
}

export async function listGenresInOrder(db: DbOrTx): Promise<TermNode[]> {
  return flattenTree(buildTree(await listGenreRows(db)));
}

const rowsOf = (db: DbOrTx, kind: TermKind) => (kind === 'category' ? listCategoryRows(db) : listGenreRows(db));

/**
 * Store positions 0..n-1 in depth-first order, so that sorting all categories by position (as the public pages do)
 * lists each parent followed by its children. Only rows whose position changes are written.
 */
async function renumber(db: DbOrTx, kind: TermKind, roots: TermNode[]): Promise<void> {
  const ordered = flattenTree(roots);
  for (const [i, node] of ordered.entries()) {
    if (node.position !== i) await updateTermPosition(db, kind, node.id, i);
  }
}

/** Ids of a category and everything under it. */
function subtreeIds(rows: AdminTermRow[], id: number): Set<number> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows)
      if (r.parentId !== null && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
  }
  return ids;
}

function checkName(name: string): { name: string; slug: string } {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new CatalogEditError('Give it a name.', 'name');
  if (clean.length > MAX_NAME) throw new CatalogEditError(`Keep the name to ${MAX_NAME} characters.`, 'name');
  const slug = slugify(clean);
  if (!slug) throw new CatalogEditError('The name needs at least one letter or digit for its address.', 'name');
  return { name: clean, slug };
}

/** A live term owns its address; an old address of another term that it takes over stops redirecting there. */
async function claimSlug(db: DbOrTx, kind: TermKind, slug: string, selfId?: number): Promise<void> {
  const owner = await findTermIdBySlug(db, kind, slug);
  if (owner !== undefined && owner !== selfId) {
    const other = await findTermRow(db, kind, owner);
    throw new CatalogEditError(
      `The ${NOUN[kind]} “${other?.name ?? slug}” already has the address /${kind}/${slug}. To combine the two, merge one into the other.`,
      'name',
    );
  }
  await deleteSlugRedirect(db, kind, slug);
}

async function audit(db: DbOrTx, actor: Actor, now: Date, kind: TermKind, action: string, id: number, summary: string) {
  await recordAudit(db, actor, { action: `${kind}.${action}`, targetType: kind, targetId: id, summary }, now);
}

/**
 * Run one term write as a unit of work (kernel/unit-of-work.ts). A write that did not find its term (undefined or
 * false) wrote nothing, so only a found one retires the catalog's cached pages.
 */
export function writeTerms<T>(writer: Writer, work: (tx: Tx) => Promise<T>): Promise<T> {
  return writer.write(async (uow) => {
    const result = await work(uow.tx);
    if (result) uow.touched('catalog');
    return result;
  });
}

export async function createTerm(
  db: Tx,
  kind: TermKind,
  input: { name: string; parentId: number | null },
  actor: Actor,
  now: Date,
): Promise<{ id: number; slug: string }> {
  const { name, slug } = checkName(input.name);
  if (kind === 'category' && input.parentId !== null && !(await findTermRow(db, 'category', input.parentId)))
    throw new CatalogEditError('The chosen parent category no longer exists.', 'parentId');
  await claimSlug(db, kind, slug);
  const rows = await rowsOf(db, kind);
  // Last among its siblings: a large position, then every position is renumbered.
  const id = await insertTerm(db, kind, {
    slug,
    name,
    parentId: kind === 'category' ? input.parentId : null,
    position: rows.length + 1,
    createdAt: now.toISOString(),
  });
  await renumber(db, kind, buildTree(await rowsOf(db, kind)));
  await audit(db, actor, now, kind, 'create', id, `Created the ${NOUN[kind]} “${name}” at /${kind}/${slug}`);
  return { id, slug };
}

export async function renameTerm(
  db: Tx,
  kind: TermKind,
  id: number,
  newName: string,
  actor: Actor,
  now: Date,
): Promise<{ slug: string; previousSlug: string } | undefined> {
  const term = await findTermRow(db, kind, id);
  if (!term) return undefined;
  const { name, slug } = checkName(newName);
  if (name === term.name) return { slug: term.slug, previousSlug: term.slug };
  if (slug !== term.slug) {
    await claimSlug(db, kind, slug, id);
    await addSlugRedirect(db, kind, term.slug, id);
  }
  await updateTermName(db, kind, id, name, slug);
  await audit(
    db,
    actor,
    now,
    kind,
    'rename',
    id,
    `Renamed the ${NOUN[kind]} “${term.name}” to “${name}”${slug !== term.slug ? `; /${kind}/${term.slug} now redirects to /${kind}/${slug}` : ''}`,
  );
  return { slug, previousSlug: term.slug };
}

/** Put a category under another one (or at the top level with null); it goes last among its new siblings. */
export async function setCategoryParent(
  db: Tx,
  id: number,
  parentId: number | null,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  const rows = await listCategoryRows(db);
  const row = rows.find((r) => r.id === id);
  if (!row) return false;
  if (row.parentId === parentId) return true;
  let parentName = 'the top level';
  if (parentId !== null) {
    const parent = rows.find((r) => r.id === parentId);
    if (!parent) throw new CatalogEditError('The chosen parent category no longer exists.', 'parentId');
    if (subtreeIds(rows, id).has(parentId))
      throw new CatalogEditError(
        `“${parent.name}” is ${parentId === id ? 'this category itself' : `inside “${row.name}”`}: a category cannot be nested in itself.`,
        'parentId',
      );
    parentName = `“${parent.name}”`;
  }
  await updateCategoryParent(db, id, parentId);
  row.parentId = parentId;
  row.position = Number.MAX_SAFE_INTEGER;
  await renumber(db, 'category', buildTree(rows));
  await audit(db, actor, now, 'category', 'nest', id, `Moved the category “${row.name}” under ${parentName}`);
  return true;
}

/**
 * Merge `sourceId` into `targetId`: its films are filed under the target, its sub-categories move there, its address
 * (and every old address that redirected to it) redirects to the target, and it is deleted.
 */
export async function mergeTerm(
  db: Tx,
  kind: TermKind,
  sourceId: number,
  targetId: number,
  actor: Actor,
  now: Date,
): Promise<{ moved: number; target: { name: string; slug: string } } | undefined> {
  const source = await findTermRow(db, kind, sourceId);
  if (!source) return undefined;
  if (sourceId === targetId)
    throw new CatalogEditError(`Choose another ${NOUN[kind]} to merge into: not this one.`, 'targetId');
  const target = await findTermRow(db, kind, targetId);
  if (!target) throw new CatalogEditError(`The ${NOUN[kind]} to merge into no longer exists.`, 'targetId');

  if (kind === 'category') {
    const rows = await listCategoryRows(db);
    // Merging a category into one of its own sub-categories: the survivor first takes the merged one's place.
    if (subtreeIds(rows, sourceId).has(targetId)) await updateCategoryParent(db, targetId, source.parent_id);
    await reparentChildren(db, sourceId, targetId);
  }
  const moved = await moveTermFilms(db, kind, sourceId, targetId);
  await retargetRedirects(db, kind, sourceId, targetId);
  await deleteTerm(db, kind, sourceId);
  await addSlugRedirect(db, kind, source.slug, targetId);
  await renumber(db, kind, buildTree(await rowsOf(db, kind)));
  await audit(
    db,
    actor,
    now,
    kind,
    'merge',
    targetId,
    `Merged the ${NOUN[kind]} “${source.name}” (${moved} film(s)) into “${target.name}”; /${kind}/${source.slug} now redirects to /${kind}/${target.slug}`,
  );
  return { moved, target: { name: target.name, slug: target.slug } };
}

/** Swap a term with its previous or next sibling. Returns false when there is no such term. */
export async function moveTerm(
  db: Tx,
  kind: TermKind,
  id: number,
  direction: 'up' | 'down',
  actor: Actor,
  now: Date,
): Promise<boolean> {
  const roots = buildTree(await rowsOf(db, kind));
  const siblingsOf = (list: TermNode[]): TermNode[] | undefined => {
    if (list.some((n) => n.id === id)) return list;
    for (const n of list) {
      const found = siblingsOf(n.children);
      if (found) return found;
    }
    return undefined;
  };
  const siblings = siblingsOf(roots);
  if (!siblings) return false;
  const at = siblings.findIndex((n) => n.id === id);
  const other = direction === 'up' ? at - 1 : at + 1;
  if (other < 0 || other >= siblings.length) return true; // already first or last: nothing to do
  [siblings[at], siblings[other]] = [siblings[other]!, siblings[at]!];
  await renumber(db, kind, roots);
  await audit(db, actor, now, kind, 'move', id, `Moved the ${NOUN[kind]} “${siblings[other]!.name}” ${direction}`);
  return true;
}

/** The categories (as a tree) and genres a film form and the film list's filters offer. */
export async function getFilmChoices(db: DbOrTx): Promise<{ categories: TermNode[]; genres: TermNode[] }> {
  const [categories, genres] = await Promise.all([listCategoryTree(db), listGenresInOrder(db)]);
  return { categories, genres };
}
