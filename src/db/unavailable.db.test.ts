import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { DIALECTS, TEST_PG_URL } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { freePort } from '../../test/support/server.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { isDatabaseUnavailable } from './unavailable.js';

const failureOf = async (work: () => Promise<unknown> | unknown): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
};

describe('isDatabaseUnavailable, on errors the drivers really throw', () => {
  it('says yes for a PostgreSQL nobody listens for, no for a bug', async () => {
    const port = await freePort();
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` });
    const refused = await failureOf(() => client.connect());
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(await failureOf(() => (null as unknown as { x: number }).x))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Something else'))).toBe(false);
  });

  it.skipIf(!DIALECTS.includes('postgres'))('says no for a bad query on a reachable PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      expect(isDatabaseUnavailable(await failureOf(() => client.query('select * from no_such_table')))).toBe(false);
      // The server ending this session (what a restart does to every session) is an outage.
      const other = new pg.Client({ connectionString: TEST_PG_URL });
      await other.connect();
      const { rows } = await other.query<{ pid: number }>('select pg_backend_pid() as pid');
      other.on('error', () => {});
      const ended = failureOf(() => other.query('select pg_sleep(5)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await client.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      expect(isDatabaseUnavailable(await ended)).toBe(true);
    } finally {
      await client.end();
    }
  });
});

describe('a locked SQLite database [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await insertFilms(t.t.db, [buildFilm({ title: 'Locked Film' })]);
  });
  afterAll(async () => t.close());

  it('answers a write 503 with Retry-After while another process holds the lock, and 200 once it is free', async () => {
    const visitor = await TestVisitor.start(t.app);
    const file = t.t.databaseUrl.slice('sqlite:'.length);
    const other = new SQLite(file);
    other.exec('begin exclusive');
    try {
      // Waits the busy timeout (5 s) out, then gives up: the visitor is told to retry, not shown a 500.
      const busy = await visitor.api('PUT', '/api/v1/films/locked-film/rating', { stars: 4 });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toMatch(/^\d+$/);
      expect(busy.json().error.code).toBe('unavailable');
      expect(busy.body).not.toMatch(/SQLITE|database is locked/);
    } finally {
      other.exec('rollback');
      other.close();
    }
    const ok = await visitor.api('PUT', '/api/v1/films/locked-film/rating', { stars: 4 });
    expect(ok.statusCode).toBe(200);
  }, 20_000);
});
