import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApp } from '../app.js';

const PER_VISITOR = 3;
const PER_IP = 7;

describeEachDialect('write limits per visitor and per network', (dialect) => {
  let t: TestApp;
  let second: FastifyInstance;
  const clock = new TestClock();
  const engagement = {
    ...testConfig().engagement,
    votesPerIpPerFilm: 1000,
    writesPerVisitorPerMinute: PER_VISITOR,
    writesPerIpPerMinute: PER_IP,
  };
  beforeAll(async () => {
    t = await createTestApp(dialect, { engagement }, { clock });
    // A second instance over the same database: the limits are one count, not one per instance.
    second = await createApp({ config: testConfig({ engagement }), db: t.t.db, clock });
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 }), buildFilm({ title: 'Ran', year: 1985 })]);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const likeCount = async () =>
    Number(
      (
        await t.t.db
          .selectFrom('film_likes')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const voteCount = async () =>
    Number(
      (
        await t.t.db
          .selectFrom('film_votes')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('many fresh visitors from one address: writes stop at the per-network limit, with 429 and Retry-After', async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      // A new visitor each time (a new cookie), alternating between the two instances.
      const v = await TestVisitor.start(i % 2 ? second : t.app, ip);
      const r =
        i % 4 === 3
          ? await v.api('PUT', '/api/v1/films/heat/rating', { stars: 4 })
          : await v.api('POST', '/api/v1/films/heat/like');
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(r.json().error.code).toBe('rate_limited');
        expect(r.json().error.message).toMatch(/from your network \(at most 7 a minute\)\. Please wait \d+ seconds/);
      }
    }
    expect(statuses.slice(0, PER_IP).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(PER_IP).every((s) => s === 429)).toBe(true);
    expect((await likeCount()) + (await voteCount())).toBe(PER_IP);

    // Comments from the same network are refused too (the form path, with JavaScript off).
    const v = await TestVisitor.start(t.app, ip);
    const comment = await v.form('/film/heat/comments', {
      authorName: 'Ann',
      authorEmail: 'ann@example.org',
      body: 'Great film.',
    });
    expect(comment.statusCode).toBe(429);
    expect(comment.body).toContain('from your network');

    // Another network is not affected; and once the minute has passed, this one may write again.
    const elsewhere = await TestVisitor.start(t.app, '198.51.100.78');
    expect((await elsewhere.api('POST', '/api/v1/films/heat/like')).statusCode).toBe(200);
    clock.advance(61_000);
    const later = await TestVisitor.start(second, ip);
    expect((await later.api('POST', '/api/v1/films/heat/like')).statusCode).toBe(200);
  });

  it('one visitor hammering is stopped at the per-visitor limit, whichever address and instance it uses', async () => {
    clock.advance(61_000);
    const session = await t.app.inject({ url: '/api/v1/session', remoteAddress: '203.0.113.1' });
    const cookie = (session.cookies as Array<{ name: string; value: string }>)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const csrf = (session.json() as { csrfToken: string }).csrfToken;
    const before = await likeCount();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await (i % 2 ? second : t.app).inject({
        method: i % 2 ? 'DELETE' : 'POST',
        url: '/api/v1/films/ran/like',
        remoteAddress: `203.0.113.${i + 1}`,
        headers: { cookie, 'x-csrf-token': csrf },
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect(r.json().error.message).toMatch(/very fast \(at most 3 a minute\)\. Please wait \d+ seconds/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    // Like, unlike, like: one like stands; the refused unlike/like changed nothing.
    expect(await likeCount()).toBe(before + 1);
  });
});
