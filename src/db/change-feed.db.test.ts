// The listening connection of an instance (docs/decisions/030) survives the database going away: it listens again
// once the database is back, and changes made elsewhere show at once again. PostgreSQL only (SQLite has no feed).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/support/app.js';
import { createTestDatabase, DIALECTS, TEST_PG_URL, type TestDatabase } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { createApp } from '../server/app.js';
import { createDb } from './create-db.js';
import type { Db } from './database.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SHOWS_WITHIN_MS = 250;

describe.skipIf(!DIALECTS.includes('postgres'))('change feed through a database outage [postgres]', () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: Db;
  let writer: FastifyInstance;
  let reader: FastifyInstance;
  const slugs = ['one', 'two', 'three'];

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await insertFilms(
      t.db,
      slugs.map((title, i) => buildFilm({ title, year: 2000 + i })),
    );
    const target = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(TEST_PG_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    viaProxy = createDb(
      { dialect: 'postgres', url: url.href },
      { searchPath: t.env.PGOPTIONS!.replace('-c search_path=', '') },
    );
    // The writer reaches the database directly; the reader, whose feed is tested, through the proxy.
    writer = await createApp({ config: testConfig(), db: t.db });
    reader = await createApp({ config: testConfig(), db: viaProxy, changeFeed: true });
    await Promise.all([writer.ready(), reader.ready()]);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await viaProxy?.destroy();
    await proxy?.stop();
    await t?.destroy();
  });

  const shows = async (slug: string, text: string) =>
    (await reader.inject({ url: `/film/${slug}` })).body.includes(text);

  it('listens again after the database comes back: a vote elsewhere shows at once', async () => {
    for (const slug of slugs) expect(await shows(slug, 'Be the first one!')).toBe(true);
    await proxy.stop();
    await sleep(500);
    await proxy.start();
    // Reconnecting waits 0.25 s, then twice as long after each failure.
    await sleep(3000);

    for (const [i, slug] of slugs.entries()) {
      expect(await shows(slug, 'Be the first one!')).toBe(true);
      const voter = await TestVisitor.start(writer, `192.0.2.${i + 1}`);
      expect((await voter.api('PUT', `/api/v1/films/${slug}/rating`, { stars: 3 })).statusCode).toBe(200);
      const votedAt = performance.now();
      // Judged by when each look was asked for: on a busy machine a render may itself take longer than the limit.
      for (;;) {
        const asked = performance.now() - votedAt;
        if (await shows(slug, '(1 vote)')) break;
        expect(asked, `${slug}: the reader still showed no vote`).toBeLessThan(SHOWS_WITHIN_MS);
        await sleep(5);
      }
    }
  });
});
