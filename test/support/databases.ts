import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@localhost:5432/test';
const requirePg = process.env.REQUIRE_PG === '1';

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const pgProblem = await probePostgres();
if (pgProblem) {
  if (requirePg) throw new Error(`REQUIRE_PG=1 but PostgreSQL at ${TEST_PG_URL} is not reachable: ${pgProblem}`);
  process.stdout.write(
    `[db tests] PostgreSQL at ${TEST_PG_URL} not reachable (${pgProblem}): PostgreSQL runs skipped\n`,
  );
}

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: DialectName;
  db: Db;
  /** Drop everything this database holds (the SQLite file, or the PostgreSQL schema). */
  destroy(): Promise<void>;
  /** For tests that need a second connection (a CLI run, a second app instance). */
  databaseUrl: string;
  /** Extra env for child processes so they see the same schema. */
  env: Record<string, string>;
}

/**
 * Test files run in parallel, each in its own schema of one database. Nothing reads another schema's catalog (the
 * migration runner looks only at its own: docs/decisions/045), so creating, migrating and dropping need no turns.
 */
/** A fresh, migrated database: a SQLite file in a temp dir, or a new schema on the PostgreSQL test server. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-test-'));
    const file = path.join(dir, 'test.db');
    const db = createDb({ dialect: 'sqlite', file });
    await migrateToLatest(db);
    return {
      dialect,
      db,
      databaseUrl: `sqlite:${file}`,
      env: {},
      async destroy() {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_PG_URL, max: 1 }) }),
  });
  const db = createDb({ dialect: 'postgres', url: TEST_PG_URL }, { searchPath: schema });
  await sql`create schema ${sql.id(schema)}`.execute(admin);
  await migrateToLatest(db);
  return {
    dialect,
    db,
    databaseUrl: TEST_PG_URL,
    env: { PGOPTIONS: `-c search_path=${schema}` },
    async destroy() {
      await db.destroy();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}

/** The dialects this run covers: SQLite always, PostgreSQL when reachable (and always under REQUIRE_PG=1). */
export const DIALECTS: DialectName[] = pgProblem ? ['sqlite'] : ['sqlite', 'postgres'];

/** Run the same test bodies on every dialect (DESIGN.md conventions, rule 4). */
export function describeEachDialect(name: string, body: (dialect: DialectName) => void): void {
  for (const dialect of DIALECTS) describe(`${name} [${dialect}]`, () => body(dialect));
  if (pgProblem) describe.skip(`${name} [postgres] (PostgreSQL not reachable)`, () => body('postgres'));
}

/**
 * The tables of this test database only. Kysely's introspection reads every schema of the PostgreSQL server, and
 * other test files create and drop theirs meanwhile ("schema … does not exist").
 */
export async function listTables(t: TestDatabase): Promise<string[]> {
  const query =
    t.dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`
      : sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by 1`;
  return (await query.execute(t.db)).rows.map((row) => row.name);
}
