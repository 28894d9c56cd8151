import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A film's ids at IMDb, TMDB and Wikidata (issue 17), all optional. A personal-history import matches its rows by
// them first, so one id names one film at most: unique where set (several films may have none). The application
// validates their shape (features/catalog/external-ids.ts).

const COLUMNS = [
  ['imdb_id', 'text'],
  ['tmdb_id', 'integer'],
  ['wikidata_id', 'text'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, type] of COLUMNS) {
    await db.schema.alterTable('films').addColumn(column, type).execute();
    await db.schema
      .createIndex(`films_${column}_unique`)
      .on('films')
      .column(column)
      .unique()
      .where(sql.ref(column), 'is not', null)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const [column] of COLUMNS) {
    await db.schema.dropIndex(`films_${column}_unique`).execute();
    await db.schema.alterTable('films').dropColumn(column).execute();
  }
}
