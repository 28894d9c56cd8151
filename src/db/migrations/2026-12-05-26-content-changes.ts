import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Narrow page-cache invalidation (docs/decisions/022): one change counter in site_state (`version:seq`), bumped once
// by every write that changes a page, and a log of which content keys each numbered change touched, so every
// instance reads only the changes since the last one it saw.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_changes_pkey', ['seq', 'key'])
    .execute();
  // The page cache looks up a returning visitor's votes and likes by visitor (the keys start with the film).
  await db.schema.createIndex('film_votes_visitor_idx').on('film_votes').columns(['visitor_id', 'film_id']).execute();
  await db.schema.createIndex('film_likes_visitor_idx').on('film_likes').columns(['visitor_id', 'film_id']).execute();
  await db
    .insertInto('site_state')
    .values({ key: 'version:seq', value: '0' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_changes').execute();
  await db.schema.dropIndex('film_votes_visitor_idx').execute();
  await db.schema.dropIndex('film_likes_visitor_idx').execute();
  await db.deleteFrom('site_state').where('key', '=', 'version:seq').execute();
}
