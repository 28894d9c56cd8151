import { sql } from 'kysely';
import type { DbOrTx } from './database.js';
import { announceChange } from './dialect/index.js';

/**
 * Content versions (docs/decisions/022): every write that changes what pages show takes the next number of one
 * counter (`version:seq` in site_state) and logs the content keys it touched under that number. The counter row is
 * updated inside the write's transaction, so writers queue on its row lock and numbers commit in order: a reader that
 * has seen change n and reads `seq > n` misses nothing. Stored in the database so that a CLI import or another app
 * instance invalidates too.
 */
const COUNTER = 'version:seq';
/** How many changes the log keeps; an instance further behind than this retires every page it holds. */
const KEEP_CHANGES = 20_000;

export interface ContentChange {
  seq: number;
  key: string;
}

/** Logs one change touching `keys`, inside the caller's transaction; returns its number. */
export async function recordChanges(db: DbOrTx, keys: readonly string[]): Promise<number> {
  const row = await db
    .updateTable('site_state')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('key', '=', COUNTER)
    .returning('value')
    .executeTakeFirstOrThrow();
  const seq = Number(row.value);
  if (keys.length > 0)
    await db
      .insertInto('content_changes')
      .values(keys.map((key) => ({ seq, key })))
      .execute();
  // Other instances hear of it on commit (PostgreSQL), instead of at their next once-a-second read of the log.
  await announceChange(db, seq);
  // Now and then, in the same transaction: the log stays short without a timer of its own.
  if (seq % 1000 === 0)
    await db
      .deleteFrom('content_changes')
      .where('seq', '<=', seq - KEEP_CHANGES)
      .execute();
  return seq;
}

/** For code that changes one broad thing outside a unit of work (the CLI's catalog changes). */
export async function bumpVersion(db: DbOrTx, key: string): Promise<void> {
  await recordChanges(db, [key]);
}

/** The number of the latest committed change. */
export async function latestChange(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('site_state').select('value').where('key', '=', COUNTER).executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** The changes after `seq`, oldest first (at most `limit`). */
export async function changesSince(db: DbOrTx, seq: number, limit: number): Promise<ContentChange[]> {
  const rows = await db
    .selectFrom('content_changes')
    .select(['seq', 'key'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), key: r.key }));
}

/** A text that moves whenever any content changes (tests compare it before and after a write). */
export async function readVersions(db: DbOrTx): Promise<string> {
  return String(await latestChange(db));
}

/** Version keys: what a write changes. Pages record which ones they show. */
export const CATALOG_VERSION = 'catalog';
/** Votes and likes change film pages and rankings, not the rest of the catalog. */
export const ENGAGEMENT_VERSION = 'engagement';
