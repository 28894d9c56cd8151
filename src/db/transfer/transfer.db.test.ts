// `reelhouse migrate-data` on real databases: a SQLite file (the demo catalog and a little of everything a site stores)
// copied into a PostgreSQL schema, stopped half-way and resumed, verified table by table; a target with data refused.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  DIALECTS,
  describeEachDialect,
  type TestDatabase,
} from '../../../test/support/databases.js';
import { addSiteRows } from '../../../test/support/site-rows.js';
import { DEMO_CATALOG_PATH } from '../../features/importers/demo-catalog.js';
import { runImport } from '../../features/importers/index.js';
import { isSqliteSearchIndex, TABLE_PLAN, UNTYPED_TABLES } from './table-plan.js';
import { TargetNotEmptyError, transferData, unplannedTables } from './transfer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

describeEachDialect('the data move knows every table', (dialect) => {
  it('a migrated database has no table that is neither copied nor skipped for a stated reason', async () => {
    const t = await createTestDatabase(dialect);
    try {
      expect(await unplannedTables(t.db, UNTYPED_TABLES, isSqliteSearchIndex)).toEqual([]);
      for (const plan of Object.values(TABLE_PLAN)) if (!plan.copy) expect(plan.reason.length).toBeGreaterThan(10);
    } finally {
      await t.destroy();
    }
  });
});

const withPostgres = DIALECTS.includes('postgres') ? describe : describe.skip;

withPostgres('migrate-data: SQLite → PostgreSQL', () => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];
  const newTarget = async () => {
    const t = await createTestDatabase('postgres');
    targets.push(t);
    return t;
  };

  beforeAll(async () => {
    source = await createTestDatabase('sqlite');
    await runImport(source.db, { file: DEMO_CATALOG_PATH, format: 'wikipedia-json' });
    await addSiteRows(source.db);
  }, 120_000);
  afterAll(async () => {
    await source?.destroy();
    for (const t of targets) await t.destroy();
  });

  it('stopped half-way, a second run continues and ends with every table equal, ids and sequences right', async () => {
    const target = await newTarget();
    let batches = 0;
    const stop = new Error('connection lost');
    const run = (onProgress?: (p: { table: string }) => void) =>
      transferData({ source: source.db, target: target.db, sourceLabel: 'site.db', batchSize: 500, onProgress });
    await expect(
      run(({ table }) => {
        if (table === 'films' && ++batches === 3) throw stop;
      }),
    ).rejects.toBe(stop);
    const partial = await target.db
      .selectFrom('films')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const total = await source.db
      .selectFrom('films')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(partial.n)).toBeGreaterThan(0);
    expect(Number(partial.n)).toBeLessThan(Number(total.n));

    const copiedRows: string[] = [];
    const reports = await transferData({
      source: source.db,
      target: target.db,
      sourceLabel: 'site.db',
      batchSize: 500,
      onProgress: ({ table, copied }) => copiedRows.push(`${table}:${copied}`),
    });
    // Resumed, not restarted: the films table went on from where the first run stopped.
    expect(copiedRows.find((p) => p.startsWith('films:'))).not.toBe('films:500');
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    expect(reports.find((r) => r.table === 'films')?.targetRows).toBe(Number(total.n));
    expect(reports.find((r) => r.table === 'comments')?.sourceRows).toBe(2);

    // The reply still answers its comment, the child category still sits under its later parent.
    const reply = await target.db
      .selectFrom('comments')
      .select(['parent_id', 'body'])
      .where('parent_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(reply.body).toBe('Me too — ☃');
    const child = await target.db
      .selectFrom('categories as c')
      .innerJoin('categories as p', 'p.id', 'c.parent_id')
      .select('p.slug')
      .where('c.slug', '=', 'child')
      .executeTakeFirstOrThrow();
    expect(child.slug).toBe('parent');
    // Counts kept by triggers came out equal to counting.
    const counts = await sql<{ differ: number }>`select count(*) as differ from categories c
      where film_count <> (select count(*) from film_categories l where l.category_id = c.id)`.execute(target.db);
    expect(Number(counts.rows[0]!.differ)).toBe(0);
    // The sequences moved past the copied ids: a new film gets a fresh id, not a duplicate-key error.
    const maxId = await target.db
      .selectFrom('films')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow();
    const added = await target.db
      .insertInto('films')
      .values({
        slug: 'new-one',
        title: 'New One',
        original_title: null,
        year: 2026,
        synopsis: '',
        source: 'admin',
        source_id: 'n1',
        source_url: null,
        origin: null,
        language: null,
        content_hash: 'h',
        primary_category_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(added.id).toBeGreaterThan(Number(maxId.m));
    // Search works on the copy: the index was rebuilt as films arrived (and the one just added).
    const found = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(target.db);
    expect(Number(found.rows[0]!.n)).toBe(Number(total.n) + 1);
  }, 180_000);

  it('refuses a target that holds data (nothing copied), and overwrites it only when told', async () => {
    const target = await newTarget();
    await target.db.insertInto('settings').values({ key: 'keep.me', value: '1', updated_at: 'x' }).execute();
    const run = (overwriteTarget: boolean) =>
      transferData({ source: source.db, target: target.db, sourceLabel: 'site.db', overwriteTarget, batchSize: 2000 });
    await expect(run(false)).rejects.toThrow(TargetNotEmptyError);
    await expect(run(false)).rejects.toThrow(/settings.*--overwrite-target/);
    expect(await target.db.selectFrom('films').select('id').limit(1).execute()).toEqual([]);
    const reports = await run(true);
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(await target.db.selectFrom('settings').select('key').where('key', '=', 'keep.me').execute()).toEqual([]);
  }, 180_000);

  it('the command prints a verified table and refuses a non-empty target with a message saying what to do', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
    const small = await createTestDatabase('sqlite');
    const target = await newTarget();
    try {
      await addSiteRows(await seedFilms(small));
      const file = small.databaseUrl;
      const first = await cli(['migrate-data', '--from', file, '--to', target.databaseUrl], target.env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^films\s+2\s+[0-9a-f]{16}\s+ok$/m);
      expect(first.stdout).toMatch(/^comments\s+2\s+[0-9a-f]{16}\s+ok$/m);
      expect(first.stdout).toContain('every table has the same rows on both sides');
      // The same move again: nothing left to copy, verified again.
      const again = await cli(['migrate-data', '--from', file, '--to', target.databaseUrl], target.env);
      expect(again.code, again.stderr).toBe(0);
      // Another source into this now-full target: refused, nothing written.
      const other = await createTestDatabase('sqlite');
      try {
        await seedFilms(other);
        const refused = await cli(
          ['migrate-data', '--from', other.databaseUrl, '--to', target.databaseUrl],
          target.env,
        );
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/already holds data.*--overwrite-target/);
      } finally {
        await other.destroy();
      }
    } finally {
      await small.destroy();
    }
  }, 120_000);
});

async function seedFilms(t: TestDatabase) {
  const { buildFilm, insertFilms } = await import('../../../test/support/factories.js');
  await insertFilms(t.db, [buildFilm({ title: 'Heat' }), buildFilm({ title: 'Ran', categories: ['Japanese Movies'] })]);
  return t.db;
}

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
