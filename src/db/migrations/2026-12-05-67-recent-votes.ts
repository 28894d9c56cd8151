import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// "Highest rated this month" on the home page reads the votes cast or changed in a window of time; without this
// index that read would scan every vote ever cast.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('film_votes_recent_idx').on('film_votes').columns(['counted', 'updated_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('film_votes_recent_idx').execute();
}
