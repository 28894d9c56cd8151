// A PostgreSQL outage, as a visitor sees it: the real server (a child process) talks to PostgreSQL through a TCP proxy
// this test starts, kills and restarts. PostgreSQL only: SQLite is a file and cannot go away like this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, TEST_PG_URL, type TestDatabase } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { type RunningServer, startServer } from '../../test/support/server.js';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What must never reach a visitor: a stack trace or a JavaScript runtime message. */
const INTERNALS = /\bat .+\(.+:\d+:\d+\)|Cannot read properties|TypeError|ECONNREFUSED|Connection terminated/;

describe.skipIf(!DIALECTS.includes('postgres'))('PostgreSQL outage [postgres]', () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  const film = buildFilm({ title: 'Outage Film' });
  const slug = 'outage-film';

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await insertFilms(t.db, [film]);
    const target = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_PG_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServer({ env: { ...t.env, DATABASE_URL: viaProxy.href, IMPORT_DEMO: 'off' } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await t?.destroy();
  });

  const get = (path: string) =>
    fetch(`${server.origin}${path}`, { signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => {
      throw new Error(`GET ${path} got no answer (${String(error)}); ${server.state()}`);
    });
  const alive = () => expect(server.state()).toMatch(/: running;/);

  it('answers 503 with Retry-After while the database is away, and serves again within 2 s of its return', async () => {
    expect((await get(`/film/${slug}`)).status, server.state()).toBe(200);
    expect((await get(`/api/v1/films/${slug}`)).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);

    await proxy.stop();
    // /healthz may answer from a version read just before the outage for up to a second.
    const until = Date.now() + 5000;
    while ((await get('/healthz')).status !== 503) {
      alive();
      expect(Date.now(), 'healthz still 200 five seconds into the outage').toBeLessThan(until);
      await sleep(100);
    }

    for (let round = 0; round < 2; round++) {
      for (const path of [`/film/${slug}`, '/', '/genres', '/search?q=outage', '/admin/login']) {
        const res = await get(path);
        const body = await res.text();
        expect(res.status, `${path}: ${body.slice(0, 300)}`).toBe(503);
        expect(res.headers.get('retry-after'), path).toMatch(/^\d+$/);
        expect(res.headers.get('content-type'), `${path}: ${body.slice(0, 300)}`).toMatch(/^text\/html/);
        expect(body, path).toMatch(/<h1[^>]*>[^<]*<\/h1>/);
        expect(body, path).not.toMatch(INTERNALS);
      }
      for (const path of [`/api/v1/films/${slug}`, '/api/v1/films', '/api/v1/genres']) {
        const res = await get(path);
        const body = await res.text();
        expect(res.status, `${path}: ${body.slice(0, 300)}`).toBe(503);
        expect(res.headers.get('retry-after'), path).toMatch(/^\d+$/);
        expect(JSON.parse(body).error.code, path).toBe('unavailable');
        expect(body, path).not.toMatch(INTERNALS);
      }
      // An unknown address may be an old one that redirects (a WordPress permalink, stored in the database): while
      // the database is away that cannot be known, so it is a 503 to retry, not a 404 that tells crawlers to forget it.
      const missing = await get('/no-such-page');
      expect(missing.status).toBe(503);
      expect(missing.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await missing.text()).not.toMatch(INTERNALS);
      const health = await get('/healthz');
      expect(health.status).toBe(503);
      expect(await health.text()).not.toMatch(INTERNALS);
      alive();
      // A second round after the pool has given up on its old connections and tries new ones.
      await sleep(1500);
    }

    await proxy.start();
    const back = Date.now();
    let status = 0;
    while (Date.now() - back < 5000) {
      status = (await get(`/film/${slug}`)).status;
      if (status === 200) break;
      await sleep(50);
    }
    const recoveredMs = Date.now() - back;
    expect(status, server.state()).toBe(200);
    expect(recoveredMs).toBeLessThanOrEqual(2000);
    expect((await get(`/api/v1/films/${slug}`)).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
    alive();
  }, 60_000);
});
