import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, testConfig } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';

const PER_NETWORK = 3;
/** The reverse proxy, as the app sees it: every request comes from here. */
const PROXY = '127.0.0.1';

describeEachDialect('behind a reverse proxy (TRUST_PROXY=on)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    const engagement = { ...testConfig().engagement, writesPerIpPerMinute: PER_NETWORK, votesPerIpPerFilm: 100 };
    t = await createTestApp(dialect, { trustProxy: 1, engagement });
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 })]);
  });
  afterAll(async () => t.close());

  /** A fresh visitor whose request reached the proxy from `client`, carrying its own X-Forwarded-For `claimed`. */
  const likeVia = async (client: string, claimed: string | null) => {
    const visitor = await TestVisitor.start(t.app, PROXY);
    // The proxy appends the address it saw to whatever the client sent (nginx: $proxy_add_x_forwarded_for).
    const forwarded = claimed ? `${claimed}, ${client}` : client;
    return visitor.request({
      method: 'POST',
      url: '/api/v1/films/heat/like',
      headers: { 'x-csrf-token': visitor.csrfToken, 'x-forwarded-for': forwarded },
    });
  };

  it('a made-up X-Forwarded-For per request does not escape the per-network limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_NETWORK + 3; i++) statuses.push((await likeVia('198.51.100.9', `10.9.8.${i}`)).statusCode);
    expect(statuses).toEqual([...Array(PER_NETWORK).fill(200), 429, 429, 429]);
    // Another client behind the same proxy is counted on its own.
    expect((await likeVia('198.51.100.10', null)).statusCode).toBe(200);
  });
});
