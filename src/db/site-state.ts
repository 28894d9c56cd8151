import type { DbOrTx } from './database.js';

/**
 * Version counters: every write that changes what pages show bumps one, and the page cache compares its entries'
 * versions with these. Stored in the database so that a CLI import or another app instance invalidates too.
 */
export async function bumpVersion(db: DbOrTx, key: string): Promise<void> {
  const value = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
  await db
    .insertInto('site_state')
    .values({ key: `version:${key}`, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function readVersions(db: DbOrTx): Promise<string> {
  const rows = await db
    .selectFrom('site_state')
    .select(['key', 'value'])
    .where('key', 'like', 'version:%')
    .orderBy('key')
    .execute();
  return rows.map((r) => `${r.key}=${r.value}`).join('&');
}

/** Version keys: what a write changes. Pages record which ones they show. */
export const CATALOG_VERSION = 'catalog';
/** Votes and likes change film pages and rankings, not the rest of the catalog. */
export const ENGAGEMENT_VERSION = 'engagement';
