import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.js';
import { filmsWithPendingCommentsOf, parseSavedDetails, type SavedDetails } from '../features/comments/index.js';
import { watchlistOfMemberVisitor } from '../features/diary/index.js';
import { likesOfVisitor } from '../features/likes/index.js';
import { votesOfVisitor } from '../features/ratings/index.js';
import { filmsWithPendingReviewsOf, reviewLikesOfMemberVisitor } from '../features/reviews/index.js';
import type { VersionWatcher } from '../kernel/versions.js';

/** What the page cache needs to fill a returning visitor's personal parts (docs/decisions/022). */
export interface VisitorView {
  /** Their vote in stars, by film. */
  votes: Map<number, number>;
  likes: Set<number>;
  /** Films where a comment (or a member's review) of theirs awaits moderation: rendered for them alone. */
  pending: Set<number>;
  /** A signed-in member's watchlist (film ids); empty for a guest, who has none. */
  watchlist: Set<number>;
  /** A signed-in member's liked reviews (review ids), for the review page's Like / Take back; empty for a guest. */
  reviewLikes: Set<number>;
  /** The change number known when this was read: a visitor who wrote later (their cookie says so) is read again. */
  loadedAt: number;
}

type Unsign = (value: string) => { valid: boolean; value: string | null };

/**
 * Per-visitor lookups, kept in memory by the raw signed cookie value (so a hit needs no signature check) and read
 * again from the database, the truth, when the visitor's `rh_seen` cookie names a change newer than the copy: their
 * own write, on this instance or another, shows on their next request.
 */
export class VisitorStates {
  private readonly views = new LRUCache<string, VisitorView | false>({
    max: 20_000,
  });
  /** Reads under way, with the change number known when each began (what its view's `loadedAt` will be). */
  private readonly loading = new Map<string, { from: number; view: Promise<VisitorView | null> }>();
  private readonly saved = new LRUCache<string, SavedDetails | false>({ max: 20_000 });

  constructor(
    private readonly db: Db,
    private readonly versions: VersionWatcher,
    private readonly unsign: Unsign,
  ) {}

  /** The visitor's view when known and at least as new as `seen`; null: the cookie is not ours; undefined: read it. */
  peek(rawCookie: string, seen: number): VisitorView | null | undefined {
    const view = this.views.get(rawCookie);
    if (view === false) return null;
    if (view === undefined || view.loadedAt < seen) return undefined;
    return view;
  }

  async load(rawCookie: string, seen: number): Promise<VisitorView | null> {
    return this.loadKeyed(rawCookie, seen, () => this.read(rawCookie));
  }

  /**
   * A signed-in member's view, by their visitor id (the session cookie was checked by the members feature). Kept
   * under a key no signed cookie value can take.
   */
  peekMember(visitorId: string, seen: number): VisitorView | null | undefined {
    return this.peek(`member\u0000${visitorId}`, seen);
  }

  async loadMember(visitorId: string, seen: number): Promise<VisitorView | null> {
    const key = `member\u0000${visitorId}`;
    return this.loadKeyed(key, seen, () => this.readId(key, visitorId, true));
  }

  private async loadKeyed(
    key: string,
    seen: number,
    read: () => Promise<VisitorView | null>,
  ): Promise<VisitorView | null> {
    const known = this.peek(key, seen);
    if (known !== undefined) return known;
    const under = this.loading.get(key);
    // A read that began before the visitor's own latest write (their cookie names `seen`) may miss it: read again.
    if (under && under.from >= seen) return under.view;
    const entry = { from: this.versions.latest(), view: read() };
    entry.view = entry.view.finally(() => {
      if (this.loading.get(key) === entry) this.loading.delete(key);
    });
    this.loading.set(key, entry);
    return entry.view;
  }

  private async read(rawCookie: string): Promise<VisitorView | null> {
    const unsigned = this.unsign(decode(rawCookie));
    if (!unsigned.valid || !unsigned.value) {
      this.views.set(rawCookie, false);
      return null;
    }
    return this.readId(rawCookie, unsigned.value);
  }

  private async readId(key: string, id: string, member = false): Promise<VisitorView> {
    // Taken before the reads: anything committed after this number may be missing from them.
    const loadedAt = this.versions.latest();
    const none = Promise.resolve(new Set<number>());
    const [votes, likes, pending, pendingReviews, watchlist, reviewLikes] = await Promise.all([
      votesOfVisitor(this.db, id),
      likesOfVisitor(this.db, id),
      filmsWithPendingCommentsOf(this.db, id),
      member ? filmsWithPendingReviewsOf(this.db, id) : none,
      member ? watchlistOfMemberVisitor(this.db, id) : none,
      member ? reviewLikesOfMemberVisitor(this.db, id) : none,
    ]);
    for (const film of pendingReviews) pending.add(film);
    const view = { votes, likes, pending, watchlist, reviewLikes, loadedAt };
    // Reads of one visitor may overlap (see loadKeyed): an older one that ends last does not replace a newer copy.
    const kept = this.views.peek(key);
    if (!kept || kept.loadedAt <= loadedAt) this.views.set(key, view);
    return view;
  }

  /** The saved comment details in a raw commenter cookie, checked once per distinct value. */
  savedDetails(rawCookie: string): SavedDetails | null {
    let details = this.saved.get(rawCookie);
    if (details === undefined) {
      details = parseSavedDetails(decode(rawCookie), this.unsign) ?? false;
      this.saved.set(rawCookie, details);
    }
    return details || null;
  }
}

function decode(raw: string): string {
  try {
    return raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}
