// `reelhouse backup` / `restore` as a site owner runs them: the compiled CLI against a real SQLite file that is being
// written meanwhile, and against PostgreSQL through pg_dump/pg_restore when they are installed.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, TEST_PG_URL, type TestDatabase } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { addSiteRows } from '../../test/support/site-rows.js';
import { createDb } from './create-db.js';
import { verify } from './transfer/transfer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

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
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: counts rows of any table by name.
const count = async (db: Kysely<any>, table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);

describe('backup and restore of a SQLite site', () => {
  let site: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-backup-'));
    site = await createTestDatabase('sqlite');
    await insertFilms(
      site.db,
      Array.from({ length: 400 }, (_, i) => buildFilm({ categories: [`Cat ${i % 7}`] })),
    );
    await addSiteRows(site.db);
  });
  afterAll(async () => {
    await site?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a backup taken while films are being added is one consistent moment, and restores into an empty database', async () => {
    const before = await count(site.db, 'films');
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await insertFilms(site.db, [buildFilm({ categories: ['Cat 1', 'Busy'] }), buildFilm()]);
        // better-sqlite3 answers synchronously: without a turn of the event loop the child's exit is never seen.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const backup = path.join(dir, 'site-backup.db');
    const result = await cli(['backup', backup], { DATABASE_URL: site.databaseUrl });
    writing = false;
    await writer;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`to ${backup}`);
    const after = await count(site.db, 'films');

    const restoredFile = path.join(dir, 'restored.db');
    const restored = await cli(['restore', backup], { DATABASE_URL: `sqlite:${restoredFile}` });
    expect(restored.code, restored.stderr).toBe(0);
    const copy = createDb({ dialect: 'sqlite', file: restoredFile });
    const snapshot = createDb({ dialect: 'sqlite', file: backup });
    try {
      const films = await count(copy, 'films');
      expect(films).toBeGreaterThanOrEqual(before);
      expect(films).toBeLessThanOrEqual(after);
      // One moment: every film's links are there, and the counts kept beside them agree with them.
      const orphans = await sql<{ n: number }>`select count(*) as n from films f
        where not exists (select 1 from film_categories l where l.film_id = f.id)`.execute(copy);
      expect(Number(orphans.rows[0]!.n)).toBe(0);
      const drift = await sql<{ n: number }>`select count(*) as n from categories c
        where film_count <> (select count(*) from film_categories l where l.category_id = c.id)`.execute(copy);
      expect(Number(drift.rows[0]!.n)).toBe(0);
      // The restored database holds exactly what the backup holds, table by table.
      expect((await verify(snapshot, copy)).filter((r) => !r.ok)).toEqual([]);
      expect(await count(copy, 'comments')).toBe(2);
    } finally {
      await copy.destroy();
      await snapshot.destroy();
    }

    // Restoring over a database with data is refused, and leaves it as it was.
    const again = await cli(['restore', backup], { DATABASE_URL: site.databaseUrl });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data.*nothing was restored/);
    expect(await count(site.db, 'films')).toBe(after);
  }, 120_000);
});

const hasPgDump = (() => {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const withPgDump = DIALECTS.includes('postgres') && hasPgDump ? describe : describe.skip;

withPgDump('backup and restore of a PostgreSQL site (pg_dump, pg_restore)', () => {
  let site: TestDatabase;
  let dir: string;
  const database = `test_restore_${randomBytes(4).toString('hex')}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_PG_URL, max: 1 }) }),
  });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-pgbackup-'));
    site = await createTestDatabase('postgres');
    await insertFilms(
      site.db,
      Array.from({ length: 50 }, () => buildFilm()),
    );
    await addSiteRows(site.db);
  });
  afterAll(async () => {
    await site?.destroy();
    await sql`drop database if exists ${sql.id(database)}`.execute(admin);
    await admin.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round trip: pg_dump of the site, pg_restore into a new database, the same rows in every table', async () => {
    const file = path.join(dir, 'site.dump');
    const dumped = await cli(['backup', file], { ...site.env, DATABASE_URL: site.databaseUrl });
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stdout).toMatch(/with: pg_dump --format=custom/);

    await sql`create database ${sql.id(database)}`.execute(admin);
    const url = TEST_PG_URL.replace(/\/[^/]*$/, `/${database}`);
    const fresh = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    try {
      // What the first migration would do on a new server: the extensions the search index uses.
      for (const extension of ['pg_trgm', 'unaccent'])
        await sql.raw(`create extension if not exists ${extension} with schema public`).execute(fresh);
    } finally {
      await fresh.destroy();
    }
    const restored = await cli(['restore', file], { ...site.env, DATABASE_URL: url });
    expect(restored.code, restored.stderr).toBe(0);
    const schema = site.env.PGOPTIONS!.replace('-c search_path=', '');
    const copy = createDb({ dialect: 'postgres', url }, { searchPath: schema });
    try {
      expect((await verify(site.db, copy)).filter((r) => !r.ok)).toEqual([]);
      // Restoring again over it is refused.
      const again = await cli(['restore', file], { ...site.env, DATABASE_URL: url });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already holds data/);
    } finally {
      await copy.destroy();
    }
  }, 120_000);
});
