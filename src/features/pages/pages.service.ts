import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { slugify } from '../../lib/slug.js';
import { type Actor, recordAudit } from '../audit/index.js';
import {
  deletePageRow,
  insertPage,
  type PageRow,
  selectPage,
  selectPageAt,
  selectPageBySource,
  selectPages,
  updatePageRow,
} from './pages.repository.js';

export type { PageRow };

/** A page form's problem, shown next to its field. */
export class PageEditError extends Error {
  constructor(
    readonly field: 'title' | 'path' | 'markdown',
    message: string,
  ) {
    super(message);
  }
}

/**
 * First path segments the site's own routes answer: a page there would never be reached. Checked when a page is saved
 * or imported; the admin form also checks the live route table (pageRoutes passes it in).
 */
export const RESERVED_SEGMENTS = new Set([
  'admin',
  'api',
  'film',
  'category',
  'genre',
  'genres',
  'tag',
  'person',
  'search',
  'comments',
  'posters',
  'privacy',
  'sitemaps',
  'sitemap.xml',
  'feed.xml',
  'feed.atom',
  'robots.txt',
  'healthz',
  'favicon.ico',
  'assets',
]);

export const MAX_PATH_LENGTH = 300;

/** Why a page cannot be served at `path`, or null. */
export function pathProblem(path: string, isRoute: (path: string) => boolean = () => false): string | null {
  if (!/^\/[^\s?#]+$/.test(path)) return 'the address must start with / and hold no spaces, ? or #';
  if (path.length > MAX_PATH_LENGTH) return `the address must be at most ${MAX_PATH_LENGTH} characters`;
  if (/\/$/.test(path) || path.includes('//')) return 'the address must not end with / or hold //';
  const first = path.split('/')[1] ?? '';
  if (RESERVED_SEGMENTS.has(first) || isRoute(path)) return `the site itself answers at /${first}`;
  return null;
}

export const defaultPathOf = (title: string) => `/page/${slugify(title) || 'untitled'}`;

export const findPageAt = (db: DbOrTx, path: string) => selectPageAt(db, path);
export const findPage = (db: DbOrTx, id: number) => selectPage(db, id);
export const listPages = (db: DbOrTx) => selectPages(db);

export interface PageInput {
  title: string;
  /** Empty: `/page/<slug of the title>`. */
  path: string;
  markdown: string;
  published: boolean;
}

function checked(input: PageInput, isRoute?: (path: string) => boolean): PageInput {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new PageEditError('title', 'title: a page needs a title');
  if (title.length > 300) throw new PageEditError('title', 'title: at most 300 characters');
  if (input.markdown.length > 200_000) throw new PageEditError('markdown', 'body: at most 200,000 characters');
  const path = input.path.trim() || defaultPathOf(title);
  const problem = pathProblem(path, isRoute);
  if (problem) throw new PageEditError('path', `address: ${problem}`);
  return { ...input, title, path };
}

async function ensurePathFree(tx: DbOrTx, path: string, exceptId: number | null) {
  const holder = await selectPageAt(tx, path);
  if (holder && holder.id !== exceptId)
    throw new PageEditError('path', `address: the page "${holder.title}" is already at ${path}`);
}

/** Create (id null) or change a page; audited in the same transaction. Returns its id, or null for an unknown id. */
export async function savePage(
  tx: Tx,
  actor: Actor,
  id: number | null,
  raw: PageInput,
  now: Date,
  isRoute?: (path: string) => boolean,
): Promise<number | null> {
  const input = checked(raw, isRoute);
  await ensurePathFree(tx, input.path, id);
  const at = now.toISOString();
  const values = {
    path: input.path,
    title: input.title,
    markdown: input.markdown,
    published: input.published ? 1 : 0,
    updated_at: at,
  };
  let pageId = id;
  if (pageId === null) {
    pageId = await insertPage(tx, { ...values, byline: null, source: null, source_id: null, created_at: at });
  } else {
    const before = await selectPage(tx, pageId);
    if (!before) return null;
    await updatePageRow(tx, pageId, { ...values, byline: before.byline });
  }
  await recordAudit(
    tx,
    actor,
    {
      action: id === null ? 'page.create' : 'page.update',
      targetType: 'page',
      targetId: pageId,
      summary: `${id === null ? 'Created' : 'Saved'} the page "${input.title}" at ${input.path}${input.published ? '' : ' (unpublished)'}`,
    },
    now,
  );
  return pageId;
}

export async function deletePage(tx: Tx, actor: Actor, id: number, now: Date): Promise<PageRow | null> {
  const page = await selectPage(tx, id);
  if (!page || !(await deletePageRow(tx, id))) return null;
  await recordAudit(
    tx,
    actor,
    { action: 'page.delete', targetType: 'page', targetId: id, summary: `Deleted the page "${page.title}"` },
    now,
  );
  return page;
}

export interface ImportedPage {
  source: string;
  sourceId: string;
  /** The old address; another page already there (or a reserved one) sends this one to `/page/<slug>`. */
  path: string;
  title: string;
  markdown: string;
  byline: string | null;
  published: boolean;
}

/**
 * Create or refresh a page brought from another site, keyed by its source. `keepIfChangedSince`: the updated_at the
 * last import left; a later one means an admin edited the page here, and the edit is kept.
 */
export async function importPage(
  tx: Tx,
  input: ImportedPage,
  keepIfChangedSince: string | null,
  now: string,
): Promise<{ id: number; path: string; updatedAt: string; outcome: 'inserted' | 'updated' | 'keptEdited' }> {
  const existing = await selectPageBySource(tx, input.source, input.sourceId);
  if (existing && keepIfChangedSince && existing.updated_at !== keepIfChangedSince)
    return { id: existing.id, path: existing.path, updatedAt: existing.updated_at, outcome: 'keptEdited' };
  const title = input.title.replace(/\s+/g, ' ').trim().slice(0, 300) || 'Untitled';
  let path = existing?.path ?? input.path;
  if (!existing) {
    const holder = await selectPageAt(tx, path);
    if (pathProblem(path) || holder) {
      path = defaultPathOf(title);
      if (await selectPageAt(tx, path)) path = `${path}-${input.sourceId}`.slice(0, MAX_PATH_LENGTH);
    }
  }
  const values = {
    path,
    title,
    markdown: input.markdown,
    byline: input.byline,
    published: input.published ? 1 : 0,
    updated_at: now,
  };
  if (existing) {
    await updatePageRow(tx, existing.id, values);
    return { id: existing.id, path, updatedAt: now, outcome: 'updated' };
  }
  const id = await insertPage(tx, { ...values, source: input.source, source_id: input.sourceId, created_at: now });
  return { id, path, updatedAt: now, outcome: 'inserted' };
}
