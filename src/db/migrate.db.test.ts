// The migration runner on both databases: a site migrated by an earlier version carries on, a database from a newer
// version is refused with a message, and two processes starting at once on one database apply each migration once.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, describeEachDialect } from '../../test/support/databases.js';
import { createDb } from './create-db.js';
import { MIGRATIONS, MigrationStateError, migrateToLatest } from './migrate.js';

async function appliedNames(db: Parameters<typeof migrateToLatest>[0]): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describeEachDialect('migrations', (dialect) => {
  it('a migrated database has nothing left to apply, and refuses to run under a build that lacks its migrations', async () => {
    const t = await createTestDatabase(dialect);
    try {
      const applied = await appliedNames(t.db);
      expect(applied.length).toBeGreaterThan(20);
      expect(await migrateToLatest(t.db)).toEqual([]);
      await sql`insert into kysely_migration (name, timestamp) values ('2999-01-01-01-from-the-future', 'x')`.execute(
        t.db,
      );
      await expect(migrateToLatest(t.db)).rejects.toThrow(MigrationStateError);
      await expect(migrateToLatest(t.db)).rejects.toThrow(/2999-01-01-01-from-the-future.*newer version/);
      // Nothing was changed by the refused runs.
      expect(await appliedNames(t.db)).toEqual([...applied, '2999-01-01-01-from-the-future']);
    } finally {
      await t.destroy();
    }
  });

  it('a database that stopped at an earlier version gets the rest, and its films survive', async () => {
    const t = await createTestDatabase(dialect);
    try {
      const applied = await appliedNames(t.db);
      const last = applied.at(-1)!;
      // As if the last migration had not been applied yet: forget it and undo what it made.
      await sql`delete from kysely_migration where name = ${last}`.execute(t.db);
      await MIGRATIONS[last]!.down!(t.db);
      await t.db
        .insertInto('settings')
        .values({ key: 'survives', value: '1', updated_at: new Date().toISOString() })
        .execute();
      expect(await migrateToLatest(t.db)).toEqual([last]);
      expect(await appliedNames(t.db)).toEqual(applied);
      const kept = await t.db.selectFrom('settings').select('value').where('key', '=', 'survives').execute();
      expect(kept).toEqual([{ value: '1' }]);
    } finally {
      await t.destroy();
    }
  });
});

const withPostgres = DIALECTS.includes('postgres') ? describe : describe.skip;

withPostgres('migrations, concurrently', () => {
  it('two processes migrating one empty PostgreSQL schema at once apply each migration once', async () => {
    const t = await createTestDatabase('postgres');
    const schema = t.env.PGOPTIONS!.replace('-c search_path=', '');
    const [a, b] = [0, 1].map(() => createDb({ dialect: 'postgres', url: t.databaseUrl }, { searchPath: schema }));
    try {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(t.db);
      await sql`create schema ${sql.id(schema)}`.execute(t.db);
      const [first, second] = await Promise.all([migrateToLatest(a!), migrateToLatest(b!)]);
      // One of them applied everything; the other waited for it and found nothing left.
      expect([first.length, second.length].sort((x, y) => x - y)[0]).toBe(0);
      expect(await appliedNames(a!)).toEqual([...first, ...second]);
    } finally {
      await Promise.all([a!.destroy(), b!.destroy()]);
      await t.destroy();
    }
  });
});
