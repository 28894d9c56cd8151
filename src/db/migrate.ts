import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.js';
import * as catalog from './migrations/2026-11-25-01-catalog.js';
import * as ratingsLikes from './migrations/2026-11-25-02-ratings-likes.js';

// Listed statically so the compiled build needs no directory scan; names sort in the order they apply.
const migrations: Record<string, Migration> = {
  '2026-11-25-01-catalog': catalog,
  '2026-11-25-02-ratings-likes': ratingsLikes,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
