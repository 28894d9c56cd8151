import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Search also looks for a query's CJK runs as substrings of the titles (decision 012, addendum), which no index
// answers by lookup below three characters: it scans. A scan of the table reads every synopsis (SQLite `films`) or
// tsvector (PostgreSQL `search_documents`) with the titles: ~29 ms and ~16 ms over 36,267 films. These indexes hold
// the titles alone and cover the query, so each database scans them instead (index-only on PostgreSQL).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    // The folded titles the search compares with; film_id last, so the scan needs no table row.
    await sql`create index search_documents_titles_idx on search_documents (title, original_title, film_id)`.execute(
      db,
    );
  } else {
    await db.schema.createIndex('films_titles_idx').on('films').columns(['title', 'original_title']).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop index if exists search_documents_titles_idx`.execute(db);
  else await db.schema.dropIndex('films_titles_idx').ifExists().execute();
}
