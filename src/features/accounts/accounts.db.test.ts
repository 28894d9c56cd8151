import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApiTokenForEmail, createUser } from './index.js';

const ADMIN = { email: 'owner@example.org', password: 'correct horse battery staple' };
const MODERATOR = { email: 'mod@example.org', password: 'moderating all day long' };

/** Visit the login page (for the CSRF token), then log in. */
async function logIn(t: TestApp, who: { email: string; password: string }, ip = '192.0.2.10') {
  const v = new TestVisitor(t.app, ip);
  const page = await v.request({ url: '/admin/login' });
  v.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const response = await v.form('/admin/login', { email: who.email, password: who.password });
  return { v, response };
}

/** Concrete URLs for the route table's patterns. */
const concrete = (url: string) =>
  url.replace(':id', '1').replace(':token', 'x'.repeat(20)).replace(':slug', 'some-film');

describeEachDialect('admin accounts and sessions', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    const cli = { id: null, label: 'cli' };
    await createUser(t.t.db, { ...ADMIN, role: 'admin' }, cli, clock.now());
    await createUser(t.t.db, { ...MODERATOR, role: 'moderator' }, cli, clock.now());
  });
  afterAll(async () => t.close());

  it('logs in with the right password, rotating the session id, and lets the admin in', async () => {
    const v = new TestVisitor(t.app, '192.0.2.1');
    const page = await v.request({ url: '/admin/login' });
    v.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    // A session id planted by someone else before login must not survive it.
    const planted = await v.request({ url: '/admin', headers: { cookie: 'rh_session=planted-id' } });
    expect(planted.statusCode).toBe(303);
    const response = await v.form('/admin/login', { ...ADMIN, next: '/admin/users' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/users');
    const cookie = (
      response.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string; value: string }>
    ).find((c) => c.name === 'rh_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value).not.toBe('planted-id');
    const users = await v.request({ url: '/admin/users' });
    expect(users.statusCode).toBe(200);
    expect(users.body).toContain('mod@example.org');
  });

  it('never redirects a login to another site', async () => {
    const { v } = await logIn(t, ADMIN, '192.0.2.2');
    const page = await v.request({ url: '/admin/login?next=https://evil.example/' });
    expect(page.headers.location).toBe('/admin');
  });

  it('throttles wrong passwords with growing delays, and says the same whether or not the email exists', async () => {
    const ip = '198.18.0.1';
    const tries = async (email: string, password: string) => (await logIn(t, { email, password }, ip)).response;
    for (let i = 0; i < 4; i++) expect((await tries(ADMIN.email, 'wrong password!')).statusCode).toBe(401);
    const fifth = await tries(ADMIN.email, 'wrong password!');
    expect(fifth.statusCode).toBe(401);
    // Now locked: even the right password waits.
    const locked = await tries(ADMIN.email, ADMIN.password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toContain('Too many failed attempts');
    // An email with no account is throttled the same way, with the same words.
    for (let i = 0; i < 5; i++) await tries('nobody@example.org', 'wrong password!');
    const unknown = await tries('nobody@example.org', 'wrong password!');
    expect(unknown.statusCode).toBe(429);
    expect(unknown.body).toContain('Too many failed attempts');
    // The lock grows: after waiting out the first one, another failure locks for longer.
    clock.advance(31_000);
    await tries(ADMIN.email, 'wrong again!!');
    const relocked = await tries(ADMIN.email, ADMIN.password);
    expect(Number(relocked.headers['retry-after'])).toBeGreaterThan(31);
    clock.advance(15 * 60_000);
    expect((await tries(ADMIN.email, ADMIN.password)).statusCode).toBe(303);
  });

  it('ends idle sessions and sessions past their absolute lifetime', async () => {
    const { v } = await logIn(t, ADMIN, '192.0.2.3');
    expect((await v.request({ url: '/admin' })).statusCode).toBe(200);
    clock.advance(3 * 3600_000); // idle limit is 2 h
    const idle = await v.request({ url: '/admin' });
    expect(idle.statusCode).toBe(303);
    expect(idle.headers.location).toBe('/admin/login?next=%2Fadmin');

    // Active every 100 minutes (never idle for 2 h), yet the absolute limit of 7 days still ends the session.
    const { v: busy } = await logIn(t, ADMIN, '192.0.2.4');
    const started = clock.now().getTime();
    let endedAfterMs = 0;
    for (let step = 0; step < 200 && !endedAfterMs; step++) {
      clock.advance(100 * 60_000);
      if ((await busy.request({ url: '/admin' })).statusCode === 303) endedAfterMs = clock.now().getTime() - started;
    }
    expect(endedAfterMs).toBeGreaterThan(7 * 24 * 3600_000);
    expect(endedAfterMs).toBeLessThanOrEqual(7 * 24 * 3600_000 + 100 * 60_000);
  });

  it('logs out this browser, or every browser', async () => {
    const a = (await logIn(t, ADMIN, '192.0.2.5')).v;
    const b = (await logIn(t, ADMIN, '192.0.2.6')).v;
    const page = await a.request({ url: '/admin' });
    a.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await a.form('/admin/logout', {})).statusCode).toBe(303);
    expect((await a.request({ url: '/admin' })).statusCode).toBe(303);
    expect((await b.request({ url: '/admin' })).statusCode).toBe(200);

    const c = (await logIn(t, ADMIN, '192.0.2.7')).v;
    const pageB = await b.request({ url: '/admin' });
    b.csrfToken = /name="_csrf" value="([^"]+)"/.exec(pageB.body)![1]!;
    expect((await b.form('/admin/logout-everywhere', {})).statusCode).toBe(303);
    expect((await b.request({ url: '/admin' })).statusCode).toBe(303);
    expect((await c.request({ url: '/admin' })).statusCode).toBe(303);
  });

  it('checks the role of every admin route, taken from the route table', async () => {
    const adminRoutes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/admin') && (r.method === 'GET' || r.method === 'POST'),
    );
    expect(adminRoutes.length).toBeGreaterThan(8);
    const admin = (await logIn(t, ADMIN, '192.0.2.8')).v;
    const moderator = (await logIn(t, MODERATOR, '192.0.2.9')).v;
    const anonymous = new TestVisitor(t.app, '192.0.2.11');
    for (const route of adminRoutes) {
      const role = route.role;
      if (role === 'public') continue;
      const url = concrete(route.url);
      const method = route.method as 'GET' | 'POST';
      const anon = await anonymous.request({ method, url });
      expect([303, 401, 403], `${method} ${url} anonymous`).toContain(anon.statusCode);
      if (method === 'GET') {
        const asModerator = await moderator.request({ method, url });
        // Allowed means the page answers (200, or 404 when the placeholder id names no record), never 403 or login.
        if (role === 'admin') expect(asModerator.statusCode, `${method} ${url} as moderator`).toBe(403);
        else expect([200, 404], `${method} ${url} as moderator`).toContain(asModerator.statusCode);
        const asAdmin = await admin.request({ method, url });
        expect([200, 404], `${method} ${url} as admin`).toContain(asAdmin.statusCode);
      }
    }
  });

  it('refuses every admin POST without a CSRF token, even from a logged-in admin', async () => {
    const admin = (await logIn(t, ADMIN, '192.0.2.12')).v;
    const posts = t.app.routeTable.filter((r) => r.url.startsWith('/admin') && r.method === 'POST');
    expect(posts.length).toBeGreaterThan(5);
    for (const route of posts) {
      const response = await admin.request({
        method: 'POST',
        url: concrete(route.url),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=x&email=a%40b.c&role=admin&password=xxxxxxxxxxxxxxxx',
      });
      expect(response.statusCode, `POST ${route.url}`).toBe(403);
      expect(response.body, `POST ${route.url}`).toContain('This form has expired');
    }
  });

  it('lets API tokens act with their user’s role on the admin API, until revoked', async () => {
    const { token, id } = await createApiTokenForEmail(t.t.db, MODERATOR.email, 'test script', clock.now());
    const me = await t.app.inject({ url: '/api/v1/admin/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: MODERATOR.email, role: 'moderator' });
    expect((await t.app.inject({ url: '/api/v1/admin/me' })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      url: '/api/v1/admin/me',
      headers: { authorization: 'Bearer rh_not-a-real-token' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthorized');

    const admin = (await logIn(t, ADMIN, '192.0.2.13')).v;
    const tokens = await admin.request({ url: '/admin/tokens' });
    expect(tokens.body).toContain('test script');
    expect(tokens.body).not.toContain(token);
    admin.csrfToken = /name="_csrf" value="([^"]+)"/.exec(tokens.body)![1]!;
    expect((await admin.form(`/admin/tokens/${id}/revoke`, {})).statusCode).toBe(303);
    const revoked = await t.app.inject({ url: '/api/v1/admin/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });

  it('documents the admin API’s refusal, and refuses in the documented shape', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const responses = doc.paths['/api/v1/admin/me'].get.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '401']);
    const refusal = await t.app.inject({ url: '/api/v1/admin/me' });
    expect(refusal.statusCode).toBe(401);
    expect(refusal.json()).toEqual({
      error: { code: 'unauthorized', message: 'Send an API token: Authorization: Bearer …' },
    });
  });

  it('invites a user by a one-time link, and records admin writes in the audit log', async () => {
    const admin = (await logIn(t, ADMIN, '192.0.2.14')).v;
    const users = await admin.request({ url: '/admin/users' });
    admin.csrfToken = /name="_csrf" value="([^"]+)"/.exec(users.body)![1]!;
    const invited = await admin.form('/admin/users/invite', { email: 'New.Person@Example.org', role: 'moderator' });
    const link = /http:\/\/reelhouse\.test(\/admin\/invite\/[A-Za-z0-9_-]+)/.exec(invited.body)![1]!;
    const invitee = new TestVisitor(t.app, '192.0.2.15');
    const form = await invitee.request({ url: link });
    expect(form.body).toContain('new.person@example.org');
    invitee.csrfToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    expect((await invitee.form(link, { password: 'short' })).statusCode).toBe(400);
    const accepted = await invitee.form(link, { password: 'a long enough password' });
    expect(accepted.headers.location).toBe('/admin');
    expect((await invitee.request({ url: '/admin' })).statusCode).toBe(200);
    expect((await invitee.request({ url: link })).statusCode).toBe(404); // used up

    const audit = await admin.request({ url: '/admin/audit?action=user.invite' });
    expect(audit.body).toContain('new.person@example.org (moderator)');
    expect(audit.body).toContain(ADMIN.email);
  });

  it('applies settings without a restart, rejects bad values naming the field, and logs the change', async () => {
    const admin = (await logIn(t, ADMIN, '192.0.2.16')).v;
    const page = await admin.request({ url: '/admin/settings' });
    admin.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const base = {
      siteTitle: 'Cinema Paradiso Club',
      tagline: 'Films for friends',
      filmsPerPage: '12',
      ratingPriorVotes: '10',
      holdIfMoreLinksThan: '2',
      spamPendingAbove: '0.5',
      spamRejectAbove: '0.9',
      moderationWords: 'casino\nviagra',
      disallowedWords: '',
    };
    const bad = await admin.form('/admin/settings', { ...base, filmsPerPage: 'many' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('filmsPerPage: a whole number from 6 to 96');
    const saved = await admin.form('/admin/settings', base);
    expect(saved.statusCode).toBe(303);
    const home = await t.app.inject({ url: '/' });
    expect(home.body).toContain('<title>Cinema Paradiso Club</title>');
    const audit = await admin.request({ url: '/admin/audit?action=settings.update' });
    expect(audit.body).toContain('siteTitle');
  });
});

describe('an admin route without a role', () => {
  it('stops the app from starting', async () => {
    const t = await createTestApp('sqlite');
    expect(() => t.app.get('/admin/forgotten', async () => 'oops')).toThrow(/declares no role/);
    await t.close();
  });
});
