// PostgreSQL only: SQLite keeps no planner statistics unless ANALYZE was ever run, and Reelhouse leaves it so.
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/support/databases.js';
import { runImport } from './import.service.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/world-films.csv', import.meta.url));

describe.skipIf(!DIALECTS.includes('postgres'))('planner statistics after an import [postgres]', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => t?.destroy());

  it('the planner knows how many films arrived as soon as the import ends', async () => {
    const summary = await runImport(t.db, { file: FIXTURE, format: 'csv' });
    expect(summary.inserted).toBeGreaterThan(0);
    // reltuples is -1 for a table never analysed or vacuumed (PostgreSQL 14+): autovacuum has not come by yet.
    const { rows } = await sql<{ estimate: number }>`select reltuples::float8 as estimate from pg_class
      where oid = to_regclass(current_schema() || '.films')`.execute(t.db);
    expect(rows[0]?.estimate).toBe(summary.inserted);
  });
});
