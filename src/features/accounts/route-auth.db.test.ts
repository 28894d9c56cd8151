import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect, listTables } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApiTokenForEmail } from './index.js';

/**
 * The router decodes the path before it matches (`/api/v1/%61dmin/comments` IS the admin comment queue), so every
 * spelling of an admin path must meet the same guard as the plain one. Routes come from the route table, so a new
 * admin route is swept without anyone remembering to add it here.
 */

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? h.toUpperCase() : h}`;
};

/** Percent-encoded spellings of `path` that a router decoding segments maps back to it (never %2F: not a separator). */
export function spellings(path: string): string[] {
  const segments = path.split('/');
  const out = new Set<string>();
  const withSegment = (i: number, replacement: string) => segments.map((s, j) => (j === i ? replacement : s)).join('/');
  const encodeAt = (segment: string, at: number, upper: boolean) =>
    segment.slice(0, at) + hex(segment[at]!, upper) + segment.slice(at + 1);
  segments.forEach((segment, i) => {
    if (!segment) return;
    out.add(withSegment(i, encodeAt(segment, 0, false)));
    const digit = segment.search(/[0-9]/);
    if (digit >= 0) out.add(withSegment(i, encodeAt(segment, digit, false)));
    // A letter whose code has a hex letter in it (m → %6D), to spell it in upper case.
    const lettered = [...segment].findIndex((c) => /[a-f]/.test(c.charCodeAt(0).toString(16)));
    if (lettered >= 0) out.add(withSegment(i, encodeAt(segment, lettered, true)));
  });
  out.add(segments.map((s) => s.replace(/[a-z0-9]/gi, (c) => hex(c, false))).join('/'));
  return [...out];
}

describeEachDialect('admin routes under every spelling of their path', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  let token: string;
  let anonymous: TestVisitor;
  let moderator: TestVisitor;
  let admin: TestVisitor;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [buildFilm({ title: 'Guarded Film' })]);
    token = (await createApiTokenForEmail(t.t.db, MODERATOR.email, 'sweep', clock.now())).token;

    // A first comment is held for moderation: the pending queue then holds an email address to leak.
    const author = new TestVisitor(t.app, '203.0.113.40');
    author.csrfToken = csrfOf((await author.request({ url: '/film/guarded-film' })).body);
    const posted = await author.api('POST', '/api/v1/films/guarded-film/comments', {
      authorName: 'Pending Person',
      authorEmail: 'pending.person@example.org',
      body: 'Waiting for a moderator to read this.',
    });
    expect(posted.json()).toMatchObject({ status: 'pending' });

    const first = async (table: 'films' | 'categories' | 'genres' | 'comments' | 'users' | 'api_tokens') =>
      (await t.t.db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    ids.films = await first('films');
    ids.categories = await first('categories');
    ids.genres = await first('genres');
    ids.comments = await first('comments');
    ids.users = await first('users');
    ids.tokens = await first('api_tokens');
    ids.import = 1;

    anonymous = new TestVisitor(t.app, '192.0.2.60');
    // A valid CSRF token, so that what refuses the anonymous writes below is the missing login, not the token.
    anonymous.csrfToken = csrfOf((await anonymous.request({ url: '/admin/login' })).body);
    moderator = await logIn(t, MODERATOR, '192.0.2.61');
    moderator.csrfToken = csrfOf((await moderator.request({ url: '/admin' })).body);
    admin = await logIn(t, ADMIN, '192.0.2.62');
  });
  afterAll(async () => t.close());

  /** A route pattern with real ids of the resource each `:id` follows. */
  const concrete = (url: string) =>
    url.replace(/\/([a-z-]+)\/:id/g, (_, resource: string) => `/${resource}/${ids[resource] ?? 1}`);

  /** Every row of every table (sessions by count: a signed-in request may touch its own session's last use). */
  async function snapshot(): Promise<string> {
    const tables = await listTables(t.t);
    const out: Record<string, unknown> = {};
    for (const name of tables) {
      const rows = await t.t.db
        .selectFrom(name as 'films')
        .selectAll()
        .execute();
      out[name] =
        name === 'sessions' ? rows.length : rows.map((row) => JSON.stringify(row, (_k, v) => String(v))).sort();
    }
    return JSON.stringify(out);
  }

  const send = (who: TestVisitor, method: string, url: string, api: boolean, headers: Record<string, string> = {}) =>
    method === 'GET' || method === 'HEAD'
      ? who.request({ method: method as 'GET', url, headers })
      : api
        ? who.request({
            method: method as 'POST',
            url,
            headers: { 'content-type': 'application/json', ...headers },
            payload: JSON.stringify({ ids: [ids.comments], action: 'approve', status: 'approved', body: 'x' }),
          })
        : who.request({
            method: method as 'POST',
            url,
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
            payload: new URLSearchParams({
              _csrf: who.csrfToken,
              title: 'Taken over',
              name: 'Taken over',
              email: 'intruder@example.org',
              role: 'admin',
              password: 'a long enough password',
              body: 'Taken over',
              ids: String(ids.comments),
              action: 'approve',
              siteTitle: 'Taken over',
            }).toString(),
          });

  it('reaches the route through an encoded spelling (so the sweep below tests the guard, not a 404)', async () => {
    const queue = await t.app.inject({
      url: '/api/v1/%61dmin/comments?status=pending',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('pending.person@example.org');
    const films = await admin.request({ url: '/%61dmin/films' });
    expect(films.statusCode).toBe(200);
    expect(films.headers['cache-control']).toBe('private, no-store');
    // The admin's page under that spelling is not kept for the next visitor of the same URL.
    expect((await t.app.inject({ url: '/%61dmin/films' })).statusCode).toBe(303);
    // An encoded spelling of the API still answers in the API's error format.
    const refused = await t.app.inject({ url: '/%61pi/v1/admin/comments?status=pending' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthorized');
    expect(spellings('/api/v1/admin/comments')).toEqual(
      expect.arrayContaining(['/%61pi/v1/admin/comments', '/api/v%31/admin/comments', '/api/v1/%61dmin/comments']),
    );
  });

  it('refuses a stranger, and a moderator on admin-only routes, on every spelling, and changes nothing', async () => {
    const routes = t.app.routeTable.filter(
      (r) => /^\/(admin|api\/v1\/admin)(\/|$)/.test(r.url) && r.role !== 'public' && r.method !== 'OPTIONS',
    );
    expect(routes.length).toBeGreaterThan(60);
    const before = await snapshot();
    let requests = 0;
    for (const route of routes) {
      const api = route.url.startsWith('/api/');
      for (const url of [concrete(route.url), ...spellings(concrete(route.url))]) {
        const what = `${route.method} ${url}`;
        const stranger = await send(anonymous, route.method, url, api);
        requests++;
        if (api) expect(stranger.statusCode, `${what} without a token`).toBe(401);
        else if (route.method === 'GET') {
          expect(stranger.statusCode, `${what} without a session`).toBe(303);
          expect(stranger.headers.location, what).toMatch(/^\/admin\/login\?/);
        } else expect([401, 403], `${what} without a session`).toContain(stranger.statusCode);

        if (api) {
          const bad = await send(anonymous, route.method, url, api, { authorization: 'Bearer rh_forged-token' });
          expect(bad.statusCode, `${what} with a forged token`).toBe(401);
        } else if (route.role === 'admin') {
          const asModerator = await send(moderator, route.method, url, api);
          requests++;
          expect(asModerator.statusCode, `${what} as a moderator`).toBe(403);
        }
      }
    }
    expect(requests).toBeGreaterThan(400);
    expect(await snapshot()).toBe(before);
  });
});
