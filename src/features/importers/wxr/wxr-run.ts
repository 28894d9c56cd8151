import type { Db } from '../../../db/database.js';
import { createWriter, type Tx, type Writer } from '../../../kernel/unit-of-work.js';
import type { Clock } from '../../../lib/clock.js';
import { systemClock } from '../../../lib/clock.js';
import { TermIdCache } from '../../catalog/index.js';
import type { ImportLimits } from '../open-input.js';
import { decodeEntities } from './entities.js';
import { legacyKey } from './legacy-path.js';
import { metaValue, type WxrItem, type WxrTerm } from './wxr.js';
import { saveRedirects } from './wxr-import.repository.js';
import type { MediaOptions, PendingPoster } from './wxr-posters.js';
import type { WxrImportSummary } from './wxr-summary.js';

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

/** Paths per statement when old addresses are stored: 3 parameters each, far under both databases' limits. */
const REDIRECTS_PER_STATEMENT = 300;

const emptySummary = (): WxrImportSummary => ({
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
});

/** What one import run knows as it reads the export: the site, its terms, the ids made so far, and the counts. */
export class WxrRun {
  readonly summary = emptySummary();
  readonly clock: Clock;
  readonly latestYear: number;
  readonly writer: Writer;
  /** The export's site URL: with the post or comment id, the key that makes a re-import change nothing. */
  source = '';
  basePath = '';
  readonly categories = new Map<string, WxrTerm>();
  readonly tags = new Map<string, WxrTerm>();
  readonly categoryIds = new Map<string, number>();
  readonly tagIds = new Map<string, number>();
  readonly countedCategories = new Set<string>();
  readonly countedTags = new Set<string>();
  readonly cache = new TermIdCache();
  /** Attachment id → URL: a post's featured image may come before or after it in the file. */
  readonly attachments = new Map<string, string>();
  readonly pendingPosters: PendingPoster[] = [];
  /** Old addresses waiting for the end of the transaction, stored together (path → target). */
  private redirects = new Map<string, string>();
  private readonly wanted: Set<string>;

  constructor(
    readonly db: Db,
    readonly options: WxrImportOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.latestYear = this.clock.now().getUTCFullYear() + 5;
    this.writer = options.writer ?? createWriter(db, { invalidate() {}, effectFailed: (e) => Promise.reject(e) });
    this.wanted = new Set(options.filmCategories.map((c) => c.trim().toLowerCase()).filter(Boolean));
  }

  get filmSource(): string {
    return `wxr:${this.source}`;
  }

  setSite(siteUrl: string): void {
    this.source = siteUrl || 'unknown-site';
    try {
      this.basePath = new URL(siteUrl).pathname.replace(/\/+$/, '');
    } catch {
      this.basePath = '';
    }
  }

  skip(reason: string): void {
    this.summary.skipped[reason] = (this.summary.skipped[reason] ?? 0) + 1;
  }

  isFilmCategory(slug: string): boolean {
    const term = this.categories.get(slug);
    return (
      this.wanted.size === 0 ||
      this.wanted.has(slug.toLowerCase()) ||
      (!!term && this.wanted.has(decodeEntities(term.name).toLowerCase()))
    );
  }

  isFilm(item: WxrItem, categorySlugs: string[]): boolean {
    return item.postType === 'post' && (this.wanted.size === 0 || categorySlugs.some((s) => this.isFilmCategory(s)));
  }

  /** Remember a film post's featured image, to be brought once the whole export has been read. */
  wantPoster(item: WxrItem, film: { posterKey: string | null }): void {
    const thumbnailId = metaValue(item, '_thumbnail_id')?.trim();
    if (!thumbnailId || film.posterKey) return;
    if (!this.options.media && !this.options.dryRun) this.skip('featured image (no --media-dir or --fetch-media)');
    else this.pendingPosters.push({ postId: item.postId, filmSource: this.filmSource, thumbnailId });
  }

  addRedirect(oldAddress: string, target: string): void {
    const key = legacyKey(oldAddress, this.basePath);
    if (!key || key === '/') return;
    this.redirects.delete(key); // the last target wins, as when each was stored in turn
    this.redirects.set(key, target);
  }

  /** Store the old addresses gathered in this transaction (before it commits). */
  async flushRedirects(tx: Tx): Promise<void> {
    const waiting = [...this.redirects];
    this.redirects = new Map();
    for (let at = 0; at < waiting.length; at += REDIRECTS_PER_STATEMENT)
      this.summary.redirects += await saveRedirects(
        tx,
        this.source,
        new Map(waiting.slice(at, at + REDIRECTS_PER_STATEMENT)),
      );
  }

  /** After a rollback, ids created inside it no longer exist. */
  forgetIds(): void {
    this.categoryIds.clear();
    this.tagIds.clear();
    this.cache.clear();
  }

  /** What a post or batch about to be written counted so far: the returned function takes its counts back. */
  snapshot(): () => void {
    const summary = structuredClone(this.summary);
    const categories = new Set(this.countedCategories);
    const tags = new Set(this.countedTags);
    const posters = this.pendingPosters.length;
    return () => {
      Object.assign(this.summary, structuredClone(summary));
      this.countedCategories.clear();
      for (const slug of categories) this.countedCategories.add(slug);
      this.countedTags.clear();
      for (const slug of tags) this.countedTags.add(slug);
      this.pendingPosters.length = posters;
      this.redirects = new Map();
      this.forgetIds();
    };
  }
}
