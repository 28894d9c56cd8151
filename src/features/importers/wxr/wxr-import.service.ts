import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { createWriter, type Tx, type Writer } from '../../../kernel/unit-of-work.js';
import { hashIp } from '../../../kernel/visitor.js';
import type { Clock } from '../../../lib/clock.js';
import { systemClock } from '../../../lib/clock.js';
import { slugify } from '../../../lib/slug.js';
import { findImportedFilm, importCategory, saveImportedFilm, TermIdCache } from '../../catalog/index.js';
import { importComments } from '../../comments/index.js';
import { importPage } from '../../pages/index.js';
import { setImportedRating } from '../../ratings/index.js';
import { importTag, tagFilm } from '../../tags/index.js';
import type { ImportLimits } from '../open-input.js';
import { commentToText, convertPost, htmlToMarkdown } from './convert.js';
import { decodeEntities } from './entities.js';
import type { HeldCategory, HeldPost } from './held-post.js';
import { legacyKey } from './legacy-path.js';
import { metaValue, type WxrComment, type WxrItem, type WxrSite, type WxrTerm } from './wxr.js';
import { readWxr } from './wxr.reader.js';
import {
  findImportedItem,
  importedCommentIds,
  recordImportedComments,
  saveImportedItem,
  saveRedirects,
  saveWriteup,
} from './wxr-import.repository.js';
import { bringPoster, type MediaOptions, type PendingPoster } from './wxr-posters.js';
import type { WxrCommentStatus, WxrImportSummary } from './wxr-summary.js';

type CommentStatus = WxrCommentStatus;

export type { WxrImportSummary };

export interface WxrImportOptions {
  file: string;
  /** Category names or slugs whose posts are films; empty means every post is a film. */
  filmCategories: string[];
  dryRun?: boolean;
  limits: ImportLimits;
  /** The site's IP salt: the commenter IP is stored only as this salted hash. */
  ipSalt: string;
  clock?: Clock;
  writer?: Writer;
  /** Featured images → posters; without it they are counted as skipped. */
  media?: MediaOptions;
  onProgress?: (itemsRead: number) => void;
}

const STATUS: Record<string, CommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};
/** Comments per multi-row insert: 16 columns each stays far under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const COMMENTS_PER_STATEMENT = 200;
const REDIRECTS_PER_STATEMENT = 300;
/** Film posts per transaction: a commit (and its fsync) per post was most of the time. */
const POSTS_PER_BATCH = 100;
const UNPUBLISHED = new Set(['draft', 'pending', 'private', 'future']);

/** "2014-03-01 10:00:00" (GMT) as the ISO time the database holds. */
const isoOf = (date: string, fallback: string) =>
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(date) && !date.startsWith('0000')
    ? `${date.replace(' ', 'T')}.000Z`
    : fallback;

/**
 * Votes from the rating plugins movie blogs use, as a count and a sum of half-stars (Reelhouse's 1..10 scale): the
 * Taqyeem/TieLabs box (`tie_users_num` votes summing to `tie_user_rate` stars) or WP-PostRatings (`ratings_users`,
 * `ratings_score`), both out of 5 stars. Null when absent or not plausible (a mean outside 0.5..5 stars).
 */
export function importedRatingOf(item: Pick<WxrItem, 'meta'>): { count: number; sum: number } | null {
  const pairs: Array<[string, string]> = [
    ['tie_users_num', 'tie_user_rate'],
    ['ratings_users', 'ratings_score'],
  ];
  for (const [countKey, sumKey] of pairs) {
    const count = Number(metaValue(item, countKey));
    const stars = Number(metaValue(item, sumKey));
    if (!Number.isInteger(count) || count <= 0 || !Number.isFinite(stars)) continue;
    const mean = stars / count;
    if (mean < 0.5 || mean > 5) continue;
    return { count, sum: Math.round(stars * 2) };
  }
  return null;
}

const itemHash = (item: WxrItem, isFilm: boolean) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        isFilm,
        item.title,
        item.status,
        item.content,
        item.terms,
        item.meta.filter((m) => !m.key.startsWith('_edit')),
        item.comments.map((c) => [c.id, c.approved, c.content]),
      ]),
    )
    .digest('base64url')
    .slice(0, 32);

/**
 * Import a WordPress export: film posts become films (with their write-up, comments, ratings and old addresses), one
 * transaction per post, so a film never stands without its comments and an interrupted run finishes on the next one.
 */
export async function runWxrImport(db: Db, options: WxrImportOptions): Promise<WxrImportSummary> {
  const clock = options.clock ?? systemClock;
  const latestYear = clock.now().getUTCFullYear() + 5;
  const writer = options.writer ?? createWriter(db, { invalidate() {}, effectFailed: (e) => Promise.reject(e) });
  const wanted = new Set(options.filmCategories.map((c) => c.trim().toLowerCase()).filter(Boolean));
  const summary: WxrImportSummary = {
    films: { inserted: 0, updated: 0, unchanged: 0, keptEdited: 0 },
    unpublished: 0,
    pages: { inserted: 0, updated: 0, unchanged: 0, keptEdited: 0, unpublished: 0 },
    comments: { approved: 0, pending: 0, spam: 0, trash: 0 },
    pingbacks: 0,
    ratings: 0,
    posters: 0,
    redirects: 0,
    categories: 0,
    postsPerCategory: {},
    tags: 0,
    skipped: {},
  };
  const skip = (reason: string) => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  };
  let site: WxrSite | null = null;
  let source = '';
  let basePath = '';
  const categories = new Map<string, WxrTerm>();
  const categoryIds = new Map<string, number>();
  const cache = new TermIdCache();
  const countedCategories = new Set<string>();
  const tags = new Map<string, WxrTerm>();
  const tagIds = new Map<string, number>();
  const countedTags = new Set<string>();
  /** Attachment id → URL: a post's featured image may come before or after it in the file. */
  const attachments = new Map<string, string>();
  const pendingPosters: PendingPoster[] = [];
  /** Remember a film post's featured image, to be brought once the whole export has been read. */
  const wantPoster = (item: WxrItem, film: { posterKey: string | null }) => {
    const thumbnailId = metaValue(item, '_thumbnail_id')?.trim();
    if (!thumbnailId || film.posterKey) return;
    if (!options.media && !options.dryRun) return skip('featured image (no --media-dir or --fetch-media)');
    pendingPosters.push({ postId: item.postId, filmSource: `wxr:${source}`, thumbnailId });
  };

  const isFilmCategory = (slug: string) => {
    const term = categories.get(slug);
    return (
      wanted.size === 0 ||
      wanted.has(slug.toLowerCase()) ||
      (!!term && wanted.has(decodeEntities(term.name).toLowerCase()))
    );
  };

  /** Our id of a category (and its parents first), created on first use. */
  const categoryId = async (tx: Tx, slug: string, now: string, depth = 0): Promise<number | null> => {
    const known = categoryIds.get(slug);
    if (known !== undefined) return known;
    const term = categories.get(slug);
    if (!term || depth > 20) return null;
    const parentId = term.parentSlug ? await categoryId(tx, term.parentSlug, now, depth + 1) : null;
    const id = await importCategory(
      tx,
      { slug, name: decodeEntities(term.name), parentId, description: decodeEntities(term.description) || null },
      now,
    );
    categoryIds.set(slug, id);
    if (!countedCategories.has(slug)) summary.categories++;
    countedCategories.add(slug);
    // WordPress nests a child's archive under its parents' slugs (/category/asian-movies/korean-movies/).
    const chain = [slug];
    for (let up = term.parentSlug; up && chain.length < 20; up = categories.get(up)?.parentSlug ?? null)
      chain.unshift(up);
    await addRedirect(tx, `/category/${chain.join('/')}/`, `/category/${slug}`);
    return id;
  };

  /** A post's categories with their parents (parents first), as a held post keeps them until it is published. */
  const categoryChain = (slugs: string[]): HeldCategory[] => {
    const out: HeldCategory[] = [];
    const add = (slug: string, depth: number) => {
      const term = categories.get(slug);
      if (!term || depth > 20 || out.some((c) => c.slug === slug)) return;
      if (term.parentSlug) add(term.parentSlug, depth + 1);
      out.push({
        slug,
        name: decodeEntities(term.name),
        parentSlug: term.parentSlug,
        description: decodeEntities(term.description) || null,
      });
    };
    for (const slug of slugs) add(slug, 0);
    return out;
  };

  /** Our id of a tag, created on first use; its old archive address redirects to ours. */
  const tagId = async (tx: Tx, term: { slug: string; name: string }, now: string): Promise<number> => {
    const known = tagIds.get(term.slug);
    if (known !== undefined) return known;
    const declared = tags.get(term.slug);
    const tag = await importTag(
      tx,
      {
        slug: term.slug,
        name: decodeEntities(declared?.name ?? term.name),
        description: declared ? decodeEntities(declared.description) || null : null,
      },
      now,
    );
    tagIds.set(term.slug, tag.id);
    if (!countedTags.has(term.slug)) summary.tags++;
    countedTags.add(term.slug);
    // Stored even when the slug is the same: WordPress's address ends in a slash, and /tag/x/ then answers 301.
    await addRedirect(tx, `/tag/${term.slug}/`, `/tag/${tag.slug}`);
    return tag.id;
  };

  /** Old addresses waiting for the end of the transaction: stored together, one read and one write per batch. */
  let redirects = new Map<string, string>();
  const addRedirect = async (_tx: Tx, oldAddress: string, target: string) => {
    const key = legacyKey(oldAddress, basePath);
    if (!key || key === '/') return;
    redirects.delete(key); // the last target wins, as when each was stored in turn
    redirects.set(key, target);
    if (redirects.size >= REDIRECTS_PER_STATEMENT) await flushRedirects(_tx);
  };
  const flushRedirects = async (tx: Tx) => {
    const waiting = redirects;
    redirects = new Map();
    summary.redirects += await saveRedirects(tx, source, waiting);
  };

  const importThread = async (tx: Tx, filmId: number, comments: WxrComment[]) => {
    const real = comments.filter((c) => {
      if (c.type === 'pingback' || c.type === 'trackback') {
        summary.pingbacks++;
        return false;
      }
      return c.id !== '';
    });
    const ours = await importedCommentIds(
      tx,
      source,
      real.map((c) => c.id),
    );
    const waiting = real.filter((c) => {
      if (ours.has(c.id)) return false;
      if (commentToText(c.content)) return true;
      skip('comment with no text');
      return false;
    });
    const inFile = new Set(waiting.map((c) => c.id));
    // Parents before their replies whatever the file's order, a generation at a time (one insert each); a parent
    // missing from the export (or skipped) leaves a top-level reply.
    while (waiting.length) {
      const ready = (c: WxrComment) =>
        !c.parentId || c.parentId === '0' || ours.has(c.parentId) || !inFile.has(c.parentId);
      let generation = waiting.filter(ready);
      // A loop of replies (corrupt export): break it at the first one, which becomes top-level.
      if (generation.length === 0) generation = waiting.slice(0, 1);
      for (const c of generation) waiting.splice(waiting.indexOf(c), 1);
      for (let at = 0; at < generation.length; at += COMMENTS_PER_STATEMENT)
        await insertComments(tx, filmId, generation.slice(at, at + COMMENTS_PER_STATEMENT), ours);
    }
  };

  const insertComments = async (tx: Tx, filmId: number, chunk: WxrComment[], ours: Map<string, number>) => {
    const rows = chunk.map((comment) => ({
      filmId,
      parentId: ours.get(comment.parentId) ?? null,
      authorName: decodeEntities(comment.author).slice(0, 100) || 'Anonymous',
      authorEmail: comment.email.slice(0, 254),
      authorUrl: /^https?:\/\//i.test(comment.url) ? comment.url.slice(0, 500) : null,
      body: commentToText(comment.content).slice(0, 10_000),
      status: STATUS[comment.approved] ?? 'pending',
      ipHash: comment.ip ? hashIp(comment.ip, options.ipSalt) : null,
      createdAt: isoOf(comment.date, clock.now().toISOString()),
    }));
    const ids = options.dryRun ? rows.map(() => -1) : await importComments(tx, rows);
    const pairs = chunk.map((comment, i) => ({ wpId: comment.id, id: ids[i] ?? -1 }));
    if (!options.dryRun) await recordImportedComments(tx, source, pairs);
    for (const [i, pair] of pairs.entries()) {
      ours.set(pair.wpId, pair.id);
      summary.comments[rows[i]?.status ?? 'pending']++;
    }
  };

  const importFilm = async (tx: Tx, item: WxrItem, hash: string, now: string) => {
    const converted = convertPost(item.title, item.content, latestYear);
    if (!converted.title) {
      skip('post without a title');
      return;
    }
    const slugs = item.terms.filter((t) => t.domain === 'category').map((t) => t.slug);
    const ids: number[] = [];
    for (const slug of slugs) {
      const id = await categoryId(tx, slug, now);
      if (id !== null && !ids.includes(id)) ids.push(id);
    }
    const postSource = `wxr:${source}`;
    const existing = await findImportedFilm(tx, postSource, item.postId);
    const record = await findImportedItem(tx, source, item.postId);
    const edited = existing && record?.film_updated_at && existing.updatedAt !== record.film_updated_at;
    if (edited) summary.films.keptEdited++;
    else {
      const outcome = await saveImportedFilm(
        tx,
        {
          source: postSource,
          sourceId: item.postId,
          sourceUrl: null,
          title: converted.title.slice(0, 300),
          originalTitle: null,
          year: converted.year,
          synopsis: converted.synopsis.slice(0, 20_000),
          origin: null,
          language: null,
          categories: slugs,
          categoryIds: ids,
          genres: [],
          directors: converted.directors.slice(0, 50),
          cast: converted.cast.slice(0, 50),
        },
        now,
        cache,
      );
      summary.films[outcome]++;
    }
    const film = await findImportedFilm(tx, postSource, item.postId);
    if (!film) throw new Error(`${item.position}: the film was not stored`);
    if (!edited) wantPoster(item, film);
    if (!edited) {
      await saveWriteup(tx, film.id, converted.markdown, item.creator ? decodeEntities(item.creator) : null);
      const ids: number[] = [];
      for (const term of item.terms.filter((t) => t.domain === 'post_tag' && t.slug))
        ids.push(await tagId(tx, term, now));
      await tagFilm(tx, film.id, ids);
    }
    const rating = importedRatingOf(item);
    if (rating) {
      await setImportedRating(tx, film.id, rating);
      summary.ratings++;
    }
    await importThread(tx, film.id, item.comments);
    const target = `/film/${film.slug}`;
    if (item.link) await addRedirect(tx, item.link, target);
    await addRedirect(tx, `/?p=${item.postId}`, target);
    await saveImportedItem(tx, {
      source,
      post_id: item.postId,
      kind: 'film',
      film_id: film.id,
      content_hash: hash,
      film_updated_at: film.updatedAt,
      held: null,
      created_at: now,
    });
  };

  /** Where a page is served: its old path, or /page/<slug> when the old address was a query (`/?page_id=3`). */
  const pagePathOf = (item: WxrItem) => {
    const key = item.link ? legacyKey(item.link, basePath) : null;
    if (key && key !== '/' && !key.includes('?')) return key;
    return `/page/${slugify(decodeEntities(item.postName || item.title)) || item.postId}`;
  };

  const importPageItem = async (
    item: WxrItem,
    hash: string,
    record: { film_updated_at: string | null } | undefined,
  ) => {
    const published = item.status === 'publish';
    if (!published) summary.pages.unpublished++;
    const pageComments = item.comments.filter((c) => c.type !== 'pingback' && c.type !== 'trackback').length;
    for (let i = 0; i < pageComments; i++) skip('comment on a page (pages take no comments)');
    if (options.dryRun) {
      summary.pages[record ? 'updated' : 'inserted']++;
      return;
    }
    const now = clock.now().toISOString();
    await writer.write(async ({ tx, touched }) => {
      const page = await importPage(
        tx,
        {
          source: `wxr:${source}`,
          sourceId: item.postId,
          path: pagePathOf(item),
          title: decodeEntities(item.title) || decodeEntities(item.postName) || 'Untitled',
          markdown: htmlToMarkdown(item.content),
          byline: item.creator ? decodeEntities(item.creator) : null,
          published,
        },
        record?.film_updated_at ?? null,
        now,
      );
      summary.pages[page.outcome]++;
      if (item.link && legacyKey(item.link, basePath) !== page.path) await addRedirect(tx, item.link, page.path);
      await addRedirect(tx, `/?${item.postType === 'page' ? 'page_id' : 'p'}=${item.postId}`, page.path);
      await saveImportedItem(tx, {
        source,
        post_id: item.postId,
        kind: 'page',
        film_id: null,
        content_hash: hash,
        film_updated_at: page.updatedAt,
        held: null,
        created_at: now,
      });
      await flushRedirects(tx);
      touched('catalog');
    });
  };

  const handleItem = async (item: WxrItem) => {
    if (!item.postId) return skip('item without wp:post_id');
    if (item.postType === 'attachment') {
      if (item.attachmentUrl) attachments.set(item.postId, item.attachmentUrl);
      return;
    }
    if (item.postType !== 'post' && item.postType !== 'page') return skip(`post type "${item.postType}"`);
    if (['trash', 'auto-draft', 'inherit'].includes(item.status)) return skip(`status "${item.status}"`);
    const categorySlugs = item.terms.filter((t) => t.domain === 'category').map((t) => t.slug);
    if (item.postType === 'post')
      for (const slug of new Set(categorySlugs)) {
        const entry = summary.postsPerCategory[slug] ?? {
          name: decodeEntities(categories.get(slug)?.name ?? item.terms.find((t) => t.slug === slug)?.name ?? slug),
          posts: 0,
        };
        entry.posts++;
        summary.postsPerCategory[slug] = entry;
      }
    const isFilm = item.postType === 'post' && (wanted.size === 0 || categorySlugs.some(isFilmCategory));
    const hash = itemHash(item, isFilm);
    const record = await findImportedItem(db, source, item.postId);
    if (record?.content_hash === hash) {
      if (record.kind === 'film') {
        summary.films.unchanged++;
        // A run killed before its posters were brought brings them now.
        const film = metaValue(item, '_thumbnail_id') ? await findImportedFilm(db, `wxr:${source}`, item.postId) : null;
        if (film && film.updatedAt === record.film_updated_at) wantPoster(item, film);
      } else if (record.kind === 'page') summary.pages.unchanged++;
      else summary.unpublished++;
      return;
    }
    if (!isFilm) return importPageItem(item, hash, record?.kind === 'page' ? record : undefined);
    if (UNPUBLISHED.has(item.status)) {
      summary.unpublished++;
      if (options.dryRun) return;
      const converted = convertPost(item.title, item.content, latestYear);
      const now = clock.now().toISOString();
      await writer.write(async ({ tx }) =>
        saveImportedItem(tx, {
          source,
          post_id: item.postId,
          kind: 'unpublished',
          film_id: null,
          content_hash: hash,
          film_updated_at: null,
          held: JSON.stringify({
            status: item.status,
            categories: categorySlugs,
            categoryTerms: categoryChain(categorySlugs),
            byline: item.creator ? decodeEntities(item.creator) : null,
            link: item.link,
            ...converted,
          } satisfies HeldPost),
          created_at: now,
        }),
      );
      return;
    }
    if (options.dryRun) return dryRunFilm(item, hash);
    if (batch.some((b) => b.item.postId === item.postId)) await flushBatch();
    batch.push({ item, hash });
    if (batch.length >= POSTS_PER_BATCH) await flushBatch();
  };

  const dryRunFilm = async (item: WxrItem, hash: string) => {
    const now = clock.now().toISOString();
    // Read-only: a transaction that is always rolled back gives the same counts without writing anything.
    await db
      .transaction()
      .execute(async (tx) => {
        await importFilm(tx, item, hash, now);
        await flushRedirects(tx);
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    forgetIds();
  };

  /** After a rollback, ids created inside it no longer exist. */
  const forgetIds = () => {
    categoryIds.clear();
    tagIds.clear();
    cache.clear();
  };

  /** What a rolled-back post or batch counted, to be taken back. */
  const snapshot = () => {
    const saved = {
      summary: structuredClone(summary),
      countedCategories: new Set(countedCategories),
      countedTags: new Set(countedTags),
      posters: pendingPosters.length,
    };
    return () => {
      Object.assign(summary, structuredClone(saved.summary));
      countedCategories.clear();
      for (const slug of saved.countedCategories) countedCategories.add(slug);
      countedTags.clear();
      for (const slug of saved.countedTags) countedTags.add(slug);
      pendingPosters.length = saved.posters;
      redirects = new Map();
      forgetIds();
    };
  };

  let batch: Array<{ item: WxrItem; hash: string }> = [];
  /**
   * Write the waiting film posts in one transaction (each with its comments, so a film never stands without them).
   * When the batch fails it is written again one post at a time, each in a savepoint: a post the database refuses is
   * skipped with the reason and costs only itself; a failure outside a post (the connection lost) fails the import.
   */
  const flushBatch = async () => {
    if (batch.length === 0) return;
    const posts = batch;
    batch = [];
    const now = clock.now().toISOString();
    const undo = snapshot();
    try {
      await writer.write(async (uow) => {
        for (const { item, hash } of posts) await importFilm(uow.tx, item, hash, now);
        await flushRedirects(uow.tx);
        touchFilms(uow);
      });
    } catch {
      undo();
      await writer.write(async (uow) => {
        for (const post of posts) await importAlone(uow.tx, post, now);
        touchFilms(uow);
      });
    }
  };

  const importAlone = async (tx: Tx, { item, hash }: { item: WxrItem; hash: string }, now: string) => {
    const undo = snapshot();
    await sql`savepoint wxr_post`.execute(tx);
    try {
      await importFilm(tx, item, hash, now);
      await flushRedirects(tx);
      await sql`release savepoint wxr_post`.execute(tx);
    } catch (error) {
      await sql`rollback to savepoint wxr_post`.execute(tx);
      undo();
      skip(`${item.position}: the database refused it (${error instanceof Error ? error.message : String(error)})`);
    }
  };

  const touchFilms = ({ touched }: { touched: (key: 'catalog' | 'comments' | 'engagement') => void }) => {
    touched('catalog');
    touched('comments');
    touched('engagement');
  };

  let read = 0;
  for await (const event of readWxr(options.file, options.limits)) {
    if (event.kind === 'site') {
      site = event.site;
      source = site.siteUrl || 'unknown-site';
      try {
        basePath = new URL(site.siteUrl).pathname.replace(/\/+$/, '');
      } catch {
        basePath = '';
      }
    } else if (event.kind === 'term') {
      if (event.term.taxonomy === 'category') categories.set(event.term.slug, event.term);
      else if (event.term.taxonomy === 'post_tag') tags.set(event.term.slug, event.term);
    } else if (event.kind === 'item') {
      if (++read > options.limits.maxRows)
        throw new Error(`the file holds more than ${options.limits.maxRows} items (IMPORT_MAX_ROWS)`);
      await handleItem(event.item);
      options.onProgress?.(read);
      if (read % 50 === 0) await nextTurn();
    }
  }
  await flushBatch();
  for (const pending of pendingPosters) {
    const url = attachments.get(pending.thumbnailId);
    if (!url) {
      skip('featured image: its attachment is not in the export');
      continue;
    }
    if (options.dryRun || !options.media) {
      summary.posters++;
      continue;
    }
    const reason = await bringPoster(writer, options.media, source, pending, url, () => clock.now().toISOString());
    if (reason) skip(reason);
    else summary.posters++;
  }
  if (!options.dryRun && site) {
    await writer.write(async ({ tx, touched }) => {
      await addRedirect(tx, '/feed/', '/feed.xml');
      await flushRedirects(tx);
      touched('catalog');
    });
  }
  return summary;
}

class DryRunRollback extends Error {}
