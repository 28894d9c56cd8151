import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { refreshStatistics } from '../../../db/dialect/index.js';
import type { Tx, UnitOfWork } from '../../../kernel/unit-of-work.js';
import { decodeEntities } from './entities.js';
import type { WxrItem } from './wxr.js';
import { readWxr } from './wxr.reader.js';
import { type FilmPost, writeFilmPosts } from './wxr-films.js';
import { findImportedItem } from './wxr-import.repository.js';
import { holdUnpublished, importPageItem } from './wxr-pages.js';
import { bringPoster } from './wxr-posters.js';
import { type WxrImportOptions, WxrRun } from './wxr-run.js';
import type { WxrImportSummary } from './wxr-summary.js';

export { importedRatingOf } from './wxr-films.js';
export type { WxrImportOptions, WxrImportSummary };

const UNPUBLISHED = new Set(['draft', 'pending', 'private', 'future']);
/**
 * Film posts per transaction. A transaction per post (its commit, version bump and ~40 statements) was most of the
 * time; a batch shares one commit and writes its comments, records and old addresses in a few multi-row statements.
 */
const POSTS_PER_BATCH = 100;

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
 * Import a WordPress export: film posts become films (with their write-up, comments, ratings and old addresses), a
 * batch of posts per transaction, so a film never stands without its comments and an interrupted run finishes on the
 * next one (every post and comment is keyed by the site URL and its WordPress id).
 */
export async function runWxrImport(db: Db, options: WxrImportOptions): Promise<WxrImportSummary> {
  const run = new WxrRun(db, options);
  const films = new FilmBatches(run);
  let read = 0;
  let siteSeen = false;
  for await (const event of readWxr(options.file, options.limits)) {
    if (event.kind === 'site') {
      siteSeen = true;
      run.setSite(event.site.siteUrl);
    } else if (event.kind === 'term') {
      if (event.term.taxonomy === 'category') run.categories.set(event.term.slug, event.term);
      else if (event.term.taxonomy === 'post_tag') run.tags.set(event.term.slug, event.term);
    } else if (event.kind === 'item') {
      if (++read > options.limits.maxRows)
        throw new Error(`the file holds more than ${options.limits.maxRows} items (IMPORT_MAX_ROWS)`);
      await handleItem(run, films, event.item);
      options.onProgress?.(read);
      if (read % 50 === 0) await nextTurn();
    }
  }
  await films.flush();
  await bringPosters(run);
  if (!options.dryRun && siteSeen) {
    await run.writer.write(async ({ tx, touched }) => {
      run.addRedirect('/feed/', '/feed.xml');
      await run.flushRedirects(tx);
      touched('catalog');
    });
  }
  // Fresh planner statistics for what arrived (decision 030).
  if (!options.dryRun) await refreshStatistics(db);
  return run.summary;
}

function countPostCategories(run: WxrRun, item: WxrItem, categorySlugs: string[]) {
  for (const slug of new Set(categorySlugs)) {
    const entry = run.summary.postsPerCategory[slug] ?? {
      name: decodeEntities(run.categories.get(slug)?.name ?? item.terms.find((t) => t.slug === slug)?.name ?? slug),
      posts: 0,
    };
    entry.posts++;
    run.summary.postsPerCategory[slug] = entry;
  }
}

async function handleItem(run: WxrRun, films: FilmBatches, item: WxrItem): Promise<void> {
  if (!item.postId) return run.skip('item without wp:post_id');
  if (item.postType === 'attachment') {
    if (item.attachmentUrl) run.attachments.set(item.postId, item.attachmentUrl);
    return;
  }
  if (item.postType !== 'post' && item.postType !== 'page') return run.skip(`post type "${item.postType}"`);
  if (['trash', 'auto-draft', 'inherit'].includes(item.status)) return run.skip(`status "${item.status}"`);
  const categorySlugs = item.terms.filter((t) => t.domain === 'category').map((t) => t.slug);
  if (item.postType === 'post') countPostCategories(run, item, categorySlugs);
  const isFilm = run.isFilm(item, categorySlugs);
  const hash = itemHash(item, isFilm);
  // Published film posts are the bulk of an export: their records are read a batch at a time.
  if (isFilm && !UNPUBLISHED.has(item.status)) return films.add({ item, hash });
  const record = await findImportedItem(run.db, run.source, item.postId);
  if (record?.content_hash === hash) {
    if (record.kind === 'page') run.summary.pages.unchanged++;
    else if (record.kind === 'film') run.summary.films.unchanged++;
    else run.summary.unpublished++;
    return;
  }
  if (!isFilm) return importPageItem(run, item, hash, record?.kind === 'page' ? record : undefined);
  return holdUnpublished(run, item, hash, categorySlugs);
}

/**
 * Film posts waiting to be written, a batch per transaction. A batch that fails is written again one post at a time,
 * each in a savepoint: a post the database refuses is skipped with the reason and costs only itself, while a failure
 * outside a post (the connection lost) still fails the import.
 */
class FilmBatches {
  private waiting: FilmPost[] = [];
  constructor(private readonly run: WxrRun) {}

  async add(post: FilmPost): Promise<void> {
    // The same post twice in one export: the second must see what the first wrote.
    if (this.waiting.some((p) => p.item.postId === post.item.postId)) await this.flush();
    this.waiting.push(post);
    if (this.waiting.length >= POSTS_PER_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.waiting.length === 0) return;
    const posts = this.waiting;
    this.waiting = [];
    const now = this.run.clock.now().toISOString();
    if (this.run.options.dryRun) return this.dryRun(posts, now);
    const undo = this.run.snapshot();
    try {
      await this.run.writer.write(async (uow) => touchedFilms(uow, await writeFilmPosts(this.run, uow.tx, posts, now)));
    } catch {
      undo();
      await this.run.writer.write(async (uow) => {
        let wrote = false;
        for (const post of posts) wrote = (await this.writeAlone(uow.tx, post, now)) || wrote;
        touchedFilms(uow, wrote);
      });
    }
  }

  private async writeAlone(tx: Tx, post: FilmPost, now: string): Promise<boolean> {
    const undo = this.run.snapshot();
    await sql`savepoint wxr_post`.execute(tx);
    try {
      const wrote = await writeFilmPosts(this.run, tx, [post], now);
      await sql`release savepoint wxr_post`.execute(tx);
      return wrote;
    } catch (error) {
      await sql`rollback to savepoint wxr_post`.execute(tx);
      undo();
      const reason = error instanceof Error ? error.message : String(error);
      this.run.skip(`${post.item.position}: the database refused the post (${reason})`);
      return false;
    }
  }

  /** Read-only: a transaction that is always rolled back gives the same counts without writing anything. */
  private async dryRun(posts: FilmPost[], now: string): Promise<void> {
    await this.run.db
      .transaction()
      .execute(async (tx) => {
        await writeFilmPosts(this.run, tx, posts, now);
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    this.run.forgetIds();
  }
}

function touchedFilms({ touched }: UnitOfWork, wrote: boolean): void {
  if (!wrote) return;
  touched('catalog');
  touched('comments');
  touched('engagement');
}

/** Featured images, once the whole export is read (an attachment may come after its post). */
async function bringPosters(run: WxrRun): Promise<void> {
  for (const pending of run.pendingPosters) {
    const url = run.attachments.get(pending.thumbnailId);
    if (!url) {
      run.skip('featured image: its attachment is not in the export');
      continue;
    }
    if (run.options.dryRun || !run.options.media) {
      run.summary.posters++;
      continue;
    }
    const reason = await bringPoster(run.writer, run.options.media, run.source, pending, url, () =>
      run.clock.now().toISOString(),
    );
    if (reason) run.skip(reason);
    else run.summary.posters++;
  }
}

class DryRunRollback extends Error {}
