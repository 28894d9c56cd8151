/**
 * The search index, kept by triggers (src/db/migrations/2026-11-25-10-search.ts). Each database has its own shape:
 * on SQLite the FTS5 tables `search_fts` and `search_trigrams` (virtual tables, queried with raw MATCH), on
 * PostgreSQL this table. Only src/db/dialect/search-*.ts read them.
 */
export interface SearchDocumentTable {
  film_id: number;
  /** Lower-cased, accents removed. */
  title: string;
  /** Lower-cased, accents removed; '' when the film has none. */
  original_title: string;
  names: string;
  document: string;
}

/** Films a transaction changed, waiting to be re-indexed (emptied at commit on PostgreSQL, at a version bump on SQLite). */
export interface SearchPendingTable {
  film_id: number;
}

export interface SearchTables {
  search_documents: SearchDocumentTable;
  search_pending: SearchPendingTable;
}
