import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  // Precomputed top-k lists: a film page reads one film's rows in rank order, never computes similarity per request.
  await db.schema
    .createTable('related_films')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    // Keyed by rank: the page reads one film's rows in rank order straight off this key, and a bulk rebuild
    // maintains one index fewer than with a separate (film_id, related_id) key.
    .addPrimaryKeyConstraint('related_films_pk', ['film_id', 'rank'])
    .execute();
  // "Which lists is this film in?" when a film is edited or deleted.
  await db.schema.createIndex('related_films_related_idx').on('related_films').column('related_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('related_films').execute();
}
