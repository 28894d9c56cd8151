import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Search also looks for a query's CJK runs as substrings of the titles (decision 012, addendum), which no index
// answers: it scans. On SQLite a scan of `films` reads every synopsis with the titles (~29 ms over 36,267 films);
// with this index SQLite scans the titles alone (~3 ms), the index covering the query. PostgreSQL scans
// search_documents instead, whose folded titles already have trigram indexes.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema.createIndex('films_titles_idx').on('films').columns(['title', 'original_title']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema.dropIndex('films_titles_idx').ifExists().execute();
}
