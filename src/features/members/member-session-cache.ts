import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { VersionWatcher } from '../../kernel/versions.js';
import type { Clock } from '../../lib/clock.js';
import { resumeMemberSession } from './member-sessions.service.js';

/** How long a resumed session is trusted before it is read (and its idle clock moved) again. */
const RECHECK_MS = 10 * 60_000;

interface Entry {
  member: SignedInMember | null;
  /** The change number known before the read: a later change of `member:<id>` makes this copy stale. */
  loadedAt: number;
  /** Read again after this (the recheck interval, or the session's own end, whichever comes first). */
  staleAtMs: number;
}

/**
 * Member sessions by raw cookie value, kept in memory so that a signed-in member's cached page costs a map lookup
 * like a guest's (the page cache's front path cannot wait for the database). A copy is dropped when the member's key
 * changes (sign-out, log out everywhere, password change, suspension, rename: decision 026), when the session's own
 * end comes, and every ten minutes so that an active member's idle clock keeps moving.
 */
export class MemberSessionCache {
  private readonly entries = new LRUCache<string, Entry>({ max: 50_000 });
  private readonly loading = new Map<string, Promise<SignedInMember | null>>();

  constructor(
    private readonly db: Db,
    private readonly versions: VersionWatcher,
    private readonly clock: Clock,
  ) {}

  /** The member when known and current; null: the cookie names no live session; undefined: read it first. */
  peek(rawCookie: string): SignedInMember | null | undefined {
    const entry = this.entries.get(rawCookie);
    if (!entry) return undefined;
    if (entry.member === null) {
      // Session ids are random and never reused: a dead one stays dead, but re-check now and then all the same.
      return this.clock.now().getTime() < entry.staleAtMs ? null : undefined;
    }
    if (this.clock.now().getTime() >= entry.staleAtMs) return undefined;
    if (!this.versions.isCurrent(entry.loadedAt, [`member:${entry.member.id}`])) return undefined;
    return entry.member;
  }

  async load(rawCookie: string): Promise<SignedInMember | null> {
    const known = this.peek(rawCookie);
    if (known !== undefined) return known;
    let pending = this.loading.get(rawCookie);
    if (!pending) {
      pending = this.read(rawCookie).finally(() => this.loading.delete(rawCookie));
      this.loading.set(rawCookie, pending);
    }
    return pending;
  }

  private async read(rawCookie: string): Promise<SignedInMember | null> {
    await this.versions.ready();
    const loadedAt = this.versions.latest();
    const now = this.clock.now();
    const resumed = /^[A-Za-z0-9_-]{20,100}$/.test(rawCookie)
      ? await resumeMemberSession(this.db, rawCookie, now)
      : null;
    const staleAtMs = Math.min(now.getTime() + RECHECK_MS, resumed?.expiresAtMs ?? Number.POSITIVE_INFINITY);
    this.entries.set(rawCookie, { member: resumed?.member ?? null, loadedAt, staleAtMs });
    return resumed?.member ?? null;
  }
}
