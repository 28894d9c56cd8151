import type { Db } from '../db/database.js';

export interface WriteLimitCount {
  key: string;
  hits: number;
  windowEndsAt: string;
}

/**
 * Counts one write against each key, in one statement: a key's window starts at its first write and lasts
 * `windowMs`; a write after the window starts a new one. Kept in the database so that every instance counts
 * together (an in-process counter let each instance, and each limiter, count alone).
 */
export async function countWrite(db: Db, keys: string[], now: Date, windowMs: number): Promise<WriteLimitCount[]> {
  const nowIso = now.toISOString();
  const endsAt = new Date(now.getTime() + windowMs).toISOString();
  const rows = await db
    .insertInto('write_limits')
    // Keys in the caller's order on every request, so two statements never wait on each other's rows.
    .values(keys.map((key) => ({ key, hits: 1, window_ends_at: endsAt })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const ended = eb('write_limits.window_ends_at', '<=', nowIso);
        return {
          hits: eb
            .case()
            .when(ended)
            .then(eb.lit(1))
            .else(eb('write_limits.hits', '+', eb.lit(1)))
            .end(),
          window_ends_at: eb
            .case()
            .when(ended)
            .then(eb.ref('excluded.window_ends_at'))
            .else(eb.ref('write_limits.window_ends_at'))
            .end(),
        };
      }),
    )
    .returning(['key', 'hits', 'window_ends_at'])
    .execute();
  return rows.map((r) => ({ key: r.key, hits: Number(r.hits), windowEndsAt: r.window_ends_at }));
}

/** Forgets windows that have ended. */
export async function sweepWriteLimits(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('write_limits').where('window_ends_at', '<=', now.toISOString()).execute();
}
