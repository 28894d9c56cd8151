import type { DbOrTx } from '../db/database.js';
import { readVersions } from '../db/site-state.js';

/**
 * The current content version, read from the database at most once per `maxAgeMs`. Writes in this process call
 * `invalidate()` so their own pages refresh at once; writes elsewhere (CLI import, another instance) show within
 * `maxAgeMs`.
 */
export class VersionWatcher {
  private value: string | undefined;
  private readAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly db: DbOrTx,
    private readonly maxAgeMs = 1000,
  ) {}

  async current(): Promise<string> {
    if (this.value !== undefined && Date.now() - this.readAt < this.maxAgeMs) return this.value;
    this.pending ??= readVersions(this.db)
      .then((v) => {
        this.value = v;
        this.readAt = Date.now();
        return v;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /**
   * The current version without waiting, for the front cache: the known value while it is fresh; otherwise undefined,
   * after starting a re-read so that the next request finds it fresh.
   */
  peek(): string | undefined {
    if (this.value !== undefined && Date.now() - this.readAt < this.maxAgeMs) return this.value;
    void this.current().catch(() => undefined);
    return undefined;
  }

  invalidate(): void {
    this.readAt = 0;
  }
}
