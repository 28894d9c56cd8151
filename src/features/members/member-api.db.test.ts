import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStaff, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { ROOT } from '../../../test/support/server.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { sha256 } from '../accounts/index.js';

const XSS = fs
  .readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

const newTokenIn = (html: string) =>
  /<code class="copyable" data-new-token="true">([^<]+)<\/code>/.exec(html)?.[1] ?? '';

/** Personal API tokens and the member's own API: who may act, with which credential, and when it stops. */
describeEachDialect('member API and personal tokens', (dialect) => {
  let t: TestApp;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock(new Date());
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 }), buildFilm({ title: 'Ran', year: 1985 })]);
  });
  afterEach(async () => t.close());

  const member = (handle?: string) => signedInMember(t, handle ? { handle } : {}, { now: clock.now() });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A script: no cookies at all, only the token. */
  const script = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { ...bearer(token), ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });

  async function createToken(v: TestVisitor, name: string, scope = 'read-write') {
    const page = await v.form('/settings/tokens', { name, scope });
    expect(page.statusCode).toBe(200);
    return newTokenIn(page.body);
  }

  it('creates a token shown once and stored as a hash; it acts as the member on /api/v1/me without CSRF', async () => {
    const m = await member('tokenann');
    expect((await m.visitor.request({ url: '/settings' })).body).toContain('href="/settings/tokens"');
    const token = await createToken(m.visitor, 'diary backup');
    expect(token).toMatch(/^rhm_[A-Za-z0-9_-]{40,}$/);
    const later = (await m.visitor.request({ url: '/settings/tokens' })).body;
    expect(later).not.toContain(token);
    expect(later).toContain('diary backup');
    const rows = await t.t.db.selectFrom('member_api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(8));

    const me = await script('GET', '/api/v1/me', token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ handle: 'tokenann', credential: 'token', confirmed: true });

    const put = await script('PUT', '/api/v1/me/ratings/heat', token, { stars: 4.5 });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ yours: 4.5, members: { average: 4.5, count: 1 }, guests: { count: 0 } });
    const list = await script('GET', '/api/v1/me/ratings', token);
    expect(list.json()).toMatchObject({ total: 1, items: [{ film: 'heat', stars: 4.5 }] });
    // The same vote the member's browser sees as theirs.
    const own = await m.visitor.request({ url: '/api/v1/films/heat/rating' });
    expect(own.json()).toMatchObject({ yours: 4.5 });
    expect((await script('DELETE', '/api/v1/me/ratings/heat', token)).json()).toMatchObject({ yours: null, count: 0 });
    expect((await script('PUT', '/api/v1/me/ratings/no-such-film', token, { stars: 3 })).statusCode).toBe(404);
    expect((await script('PUT', '/api/v1/me/ratings/heat', token, { stars: 4.2 })).statusCode).toBe(400);

    // A read-only token reads and is refused every change (403, saying why); the list says what each token may do.
    const reader = await createToken(m.visitor, 'read only', 'read');
    expect((await script('GET', '/api/v1/me/ratings', reader)).statusCode).toBe(200);
    for (const [method, url] of [
      ['PUT', '/api/v1/me/ratings/heat'],
      ['DELETE', '/api/v1/me/ratings/heat'],
    ] as const) {
      const refused = await script(method, url, reader, method === 'PUT' ? { stars: 3 } : undefined);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('read-only (scope: read)');
    }
    expect((await script('GET', '/api/v1/me/ratings', token)).json()).toMatchObject({ total: 0 });
    // Left out, the scope is read only; something else is refused with the field named.
    expect(newTokenIn((await m.visitor.form('/settings/tokens', { name: 'unsaid' })).body)).toMatch(/^rhm_/);
    const odd = await m.visitor.form('/settings/tokens', { name: 'odd', scope: 'admin' });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('scope: choose read or read-write');
    // A token made before scopes existed (a row written without one) keeps full access.
    const old = `rhm_${'o'.repeat(43)}`;
    await t.t.db
      .insertInto('member_api_tokens')
      .values({
        member_id: m.member.id,
        name: 'from before',
        token_hash: sha256(old),
        prefix: old.slice(0, 8),
        created_at: clock.now().toISOString(),
      })
      .execute();
    const scopes = await t.t.db.selectFrom('member_api_tokens').select(['name', 'scope']).orderBy('id').execute();
    expect(scopes.map((r) => [r.name, r.scope])).toEqual([
      ['diary backup', 'read-write'],
      ['read only', 'read'],
      ['unsaid', 'read'],
      ['from before', 'read-write'],
    ]);
    expect((await script('PUT', '/api/v1/me/ratings/ran', old, { stars: 3 })).statusCode).toBe(200);
    const listed = (await m.visitor.request({ url: '/settings/tokens' })).body;
    expect(listed).toMatch(/<td>read only<\/td><td><code>[^<]+<\/code><\/td><td>Read only<\/td>/);
    expect(listed).toMatch(/<td>diary backup<\/td><td><code>[^<]+<\/code><\/td><td>Read and change<\/td>/);

    // The OpenAPI document names the scope each /api/v1/me operation needs.
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/me/ratings'].get['x-token-scope']).toBe('read');
    expect(doc.paths['/api/v1/me/ratings/{slug}'].put['x-token-scope']).toBe('read-write');
    expect(doc.paths['/api/v1/films/{slug}'].get['x-token-scope']).toBeUndefined();
  });

  it('takes a token only on /api/v1/me: elsewhere a bearer header is no credential and CSRF still applies', async () => {
    const m = await member();
    const token = await createToken(m.visitor, 'script');
    const elsewhere = await script('PUT', '/api/v1/films/heat/rating', token, { stars: 4 });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('csrf_failed');
    // An admin API route does not know member tokens.
    expect((await script('GET', '/api/v1/admin/me', token)).statusCode).toBe(401);
  });

  it('refuses unknown, revoked and suspended or deleted members’ tokens with 401', async () => {
    const m = await member();
    const token = await createToken(m.visitor, 'soon revoked');
    const other = await createToken(m.visitor, 'kept');
    expect((await script('GET', '/api/v1/me', `${token}x`)).statusCode).toBe(401);
    expect((await script('GET', '/api/v1/me', 'rh_admin-looking')).statusCode).toBe(401);
    const noScheme = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(noScheme.statusCode).toBe(401);
    expect(noScheme.headers['www-authenticate']).toBe('Bearer');

    const id = (
      await t.t.db
        .selectFrom('member_api_tokens')
        .select('id')
        .where('name', '=', 'soon revoked')
        .executeTakeFirstOrThrow()
    ).id;
    const revoked = await m.visitor.form(`/settings/tokens/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await script('GET', '/api/v1/me', token)).statusCode).toBe(401);
    expect((await script('GET', '/api/v1/me', other)).statusCode).toBe(200);
    // Another member cannot revoke this member's token.
    const eve = await member();
    const otherId = (
      await t.t.db.selectFrom('member_api_tokens').select('id').where('name', '=', 'kept').executeTakeFirstOrThrow()
    ).id;
    await eve.visitor.form(`/settings/tokens/${otherId}/revoke`, {});
    expect((await script('GET', '/api/v1/me', other)).statusCode).toBe(200);

    await t.t.db
      .updateTable('members')
      .set({ suspended_at: clock.now().toISOString() })
      .where('id', '=', m.member.id)
      .execute();
    expect((await script('GET', '/api/v1/me', other)).statusCode).toBe(401);
    expect((await script('PUT', '/api/v1/me/ratings/heat', other, { stars: 2 })).statusCode).toBe(401);
    await t.t.db.updateTable('members').set({ suspended_at: null }).where('id', '=', m.member.id).execute();
    expect((await script('GET', '/api/v1/me', other)).statusCode).toBe(200);
    await t.t.db.deleteFrom('members').where('id', '=', m.member.id).execute();
    expect((await script('GET', '/api/v1/me', other)).statusCode).toBe(401);
  });

  it('with the session cookie: reads freely, writes only with the CSRF header; guests get 401', async () => {
    const m = await member();
    expect((await m.visitor.request({ url: '/api/v1/me' })).json()).toMatchObject({ credential: 'session' });
    const forged = await m.visitor.request({
      method: 'PUT',
      url: '/api/v1/me/ratings/heat',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ stars: 5 }),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');
    expect((await m.visitor.api('PUT', '/api/v1/me/ratings/heat', { stars: 5 })).statusCode).toBe(200);
    expect((await m.visitor.api('DELETE', '/api/v1/me/ratings/heat')).statusCode).toBe(200);
    const tokenForm = await m.visitor.request({
      method: 'POST',
      url: '/settings/tokens',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=no+csrf',
    });
    expect(tokenForm.statusCode).toBe(403);

    const guest = await TestVisitor.start(t.app);
    expect((await guest.request({ url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await guest.api('PUT', '/api/v1/me/ratings/heat', { stars: 5 })).statusCode).toBe(401);
    expect((await guest.request({ url: '/api/v1/me/ratings' })).statusCode).toBe(401);
    expect((await guest.request({ url: '/settings/tokens' })).statusCode).toBe(303);
  });

  it('escapes hostile token names and refuses long ones with the limit named', async () => {
    const m = await member();
    for (const payload of XSS) {
      const name = [...payload].slice(0, 80).join('');
      const page = await m.visitor.form('/settings/tokens', { name });
      if (name.trim() === '') continue;
      expect(page.statusCode, payload).toBe(200);
      if (/[<>"]/.test(name.trim())) expect(page.body, payload).not.toContain(name.trim());
      await t.t.db.deleteFrom('member_api_tokens').execute();
    }
    const long = await m.visitor.form('/settings/tokens', { name: 'x'.repeat(81) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('1 to 80 characters');
    expect(await t.t.db.selectFrom('member_api_tokens').selectAll().execute()).toHaveLength(0);
  });

  it('shows a public profile’s ratings; suspended members and private profiles are absent', async () => {
    const m = await member('publicrater');
    await m.visitor.api('PUT', '/api/v1/me/ratings/ran', { stars: 3.5 });
    const pub = await t.app.inject({ url: '/api/v1/users/PublicRater/ratings' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ total: 1, items: [{ film: 'ran', stars: 3.5 }] });
    await t.t.db.updateTable('members').set({ profile_public: 0 }).where('id', '=', m.member.id).execute();
    expect((await t.app.inject({ url: '/api/v1/users/publicrater/ratings' })).statusCode).toBe(404);
    await t.t.db
      .updateTable('members')
      .set({ profile_public: 1, suspended_at: clock.now().toISOString() })
      .where('id', '=', m.member.id)
      .execute();
    expect((await t.app.inject({ url: '/api/v1/users/publicrater/ratings' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/users/nobody-here/ratings' })).statusCode).toBe(404);
  });

  it('shows moderators a member’s content, escaped, and the privacy page says what is stored', async () => {
    const m = await member('contentful');
    await m.visitor.api('PUT', '/api/v1/me/ratings/heat', { stars: 4 });
    await m.visitor.api('POST', '/api/v1/films/ran/like');
    await createStaff(t, clock.now());
    const mod = await logIn(t, MODERATOR, '198.51.100.90');
    const list = (await mod.request({ url: '/admin/members' })).body;
    expect(list).toContain(`href="/admin/members/${m.member.id}"`);
    const page = await mod.request({ url: `/admin/members/${m.member.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ratings (1)');
    expect(page.body).toContain('Likes (1)');
    expect(page.body).toContain('Comments (0)');
    expect((await mod.request({ url: '/admin/members/999999' })).statusCode).toBe(404);
    // Members themselves cannot see it.
    expect((await m.visitor.request({ url: `/admin/members/${m.member.id}` })).statusCode).toBe(303);
    const privacy = (await t.app.inject({ url: '/privacy' })).body;
    expect(privacy).toContain('Your ratings as a member, and your API tokens');
    expect(privacy).toContain('a one-way hash of the token');
  });
});
