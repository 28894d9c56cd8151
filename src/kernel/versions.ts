import type { FastifyReply } from 'fastify';
import type { DbOrTx } from '../db/database.js';
import { changesSince, latestChange } from '../db/site-state.js';
import type { ContentKey } from './unit-of-work.js';

/** The broad keys, and the narrow keys that count as a change of each for code that asks about the broad one. */
const FAMILIES: Record<string, (key: string) => boolean> = {
  catalog: (key) => key === 'catalog',
  comments: (key) => key === 'comments',
  engagement: (key) => key === 'engagement' || key === 'ratings' || key === 'likes' || key.startsWith('likes:'),
  settings: (key) => key === 'settings',
};
const READ_BATCH = 5000;
/** Past this many remembered keys, forget them all and treat everything as changed at the latest change. */
const MAX_KEYS = 200_000;

/**
 * Which content changed when (docs/decisions/022). Reads the change log incrementally, at most once per `maxAgeMs`:
 * each read fetches only the changes after the last one seen, so every instance learns exactly which keys moved.
 * Writes in this process report their change at once (`invalidate(seq, keys)`); writes elsewhere (CLI import,
 * another instance) show within `maxAgeMs`, or on a visitor's next request when they wrote them (`catchUp`).
 */
export class VersionWatcher {
  /** The change log has been read up to here. -1: not yet read. */
  private readSeq = -1;
  /** The latest change known, read or reported by a writer here. */
  private top = 0;
  /** Every key counts as changed at least here (the start, or after falling behind the log). */
  private floor = 0;
  private readonly changed = new Map<string, number>();
  private readonly familyAt = new Map<string, number>();
  private readAt = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly db: DbOrTx,
    private readonly maxAgeMs = 1000,
  ) {}

  private fresh(): boolean {
    return this.readSeq >= 0 && Date.now() - this.readAt < this.maxAgeMs;
  }

  private note(seq: number, key: string): void {
    if ((this.changed.get(key) ?? 0) < seq) this.changed.set(key, seq);
    if (seq > this.top) this.top = seq;
    for (const family in FAMILIES) {
      if (FAMILIES[family]!(key) && (this.familyAt.get(family) ?? 0) < seq) this.familyAt.set(family, seq);
    }
  }

  private async read(): Promise<void> {
    const startedAt = Date.now();
    if (this.readSeq < 0) {
      const latest = await latestChange(this.db);
      this.readSeq = Math.max(this.readSeq, latest);
      this.floor = Math.max(this.floor, latest);
      this.top = Math.max(this.top, latest);
    }
    for (;;) {
      const changes = await changesSince(this.db, this.readSeq, READ_BATCH);
      const first = changes[0];
      if (first && first.seq > this.readSeq + 1) {
        // The log was pruned past what this instance saw: it cannot tell what moved, so everything did.
        this.floor = Math.max(this.floor, changes[changes.length - 1]!.seq);
      }
      for (const change of changes) this.note(change.seq, change.key);
      if (changes.length > 0) this.readSeq = changes[changes.length - 1]!.seq;
      if (changes.length < READ_BATCH) break;
    }
    if (this.changed.size > MAX_KEYS) {
      this.changed.clear();
      this.floor = this.top;
    }
    this.readAt = startedAt;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Reads the change log now when the last read is older than `maxAgeMs`. */
  async ready(): Promise<void> {
    if (!this.fresh()) await this.refresh();
  }

  /**
   * Makes sure change `seq` is known (a visitor's cookie says they wrote it, maybe on another instance): reads the
   * log at once when it is not.
   */
  async catchUp(seq: number): Promise<void> {
    if (seq <= this.top) return this.ready();
    await this.refresh();
    // That may have been a read begun before change `seq` committed (as in `heard`): the next one begins after it.
    if (seq > this.top) await this.refresh();
  }

  /** A text that moves when any content changes, with each broad key's own version (code that caches derived data). */
  async current(): Promise<string> {
    await this.ready();
    return this.describe();
  }

  /** The current version without waiting, for the front cache: undefined when stale (a re-read is then started). */
  peek(): string | undefined {
    if (this.fresh()) return this.describe();
    void this.refresh().catch(() => undefined);
    return undefined;
  }

  /** True while the known changes are recent enough to serve cached pages without asking the database. */
  usable(): boolean {
    if (this.fresh()) return true;
    void this.refresh().catch(() => undefined);
    return false;
  }

  private describe(): string {
    const parts = Object.keys(FAMILIES).map(
      (family) => `version:${family}=${Math.max(this.floor, this.familyAt.get(family) ?? 0)}`,
    );
    return `${parts.join('&')}&seq=${this.top}`;
  }

  /** The latest change known here: a page rendered now shows at least this. */
  latest(): number {
    return this.top;
  }

  /** When `key` last changed, as far as this instance knows. */
  changedAt(key: string): number {
    const at = this.changed.get(key) ?? 0;
    return Math.max(at, this.floor);
  }

  /** Whether a page rendered at change `renderedAt` that shows `keys` is still current. */
  isCurrent(renderedAt: number, keys: readonly string[]): boolean {
    if (this.floor > renderedAt) return false;
    for (const key of keys) if ((this.changed.get(key) ?? 0) > renderedAt) return false;
    return true;
  }

  /**
   * Another instance (or this one) announced change `seq` (decision 030): read the log now unless it was read past it
   * already. A read under way may have started before that commit, so the next one follows it.
   */
  heard(seq: number): void {
    if (seq <= this.readSeq) return;
    const after = this.pending ?? Promise.resolve();
    void after
      .catch(() => undefined)
      .then(() => (seq > this.readSeq ? this.refresh() : undefined))
      .catch(() => undefined);
  }

  /** Changes may have gone unannounced (the listener was reconnecting): read the log now. */
  resync(): void {
    this.readAt = 0;
    void this.refresh().catch(() => undefined);
  }

  /** A write here committed change `seq`; without arguments, forget freshness so the next read asks the database. */
  invalidate(seq?: number, keys?: readonly string[]): void {
    if (seq === undefined || keys === undefined) {
      this.readAt = 0;
      return;
    }
    for (const key of keys) this.note(seq, key);
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** The content keys this page shows, beyond the ones every page shows (set with `dependsOn`). */
    contentKeys: ContentKey[] | null;
    /** This answer shows something only its visitor may see (their pending comment): never stored or shared. */
    privatePage: boolean;
  }
}

/** Marks this answer as for its visitor only: the page cache neither stores nor shares it. */
export function keepPrivate(reply: FastifyReply): void {
  reply.privatePage = true;
}

/**
 * Says which content this page shows, so the page cache keeps it until one of those keys changes (decision 022).
 * Every page also shows `catalog` and `settings` (the layout's navigation and title). A page that says nothing is
 * retired by any change.
 */
export function dependsOn(reply: FastifyReply, ...keys: ContentKey[]): void {
  reply.contentKeys = [...(reply.contentKeys ?? []), ...keys];
}
