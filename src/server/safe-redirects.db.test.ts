import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../test/support/admin.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { TestVisitor } from '../../test/support/visitor.js';

/** What attackers put in `next` and `back`: header splitting, control characters, Latin-1, other sites. */
const HOSTILE = [
  '/admin\r\nSet-Cookie: x=1',
  '/admin%0d%0aSet-Cookie:x',
  '/admin\u0000',
  '/admin\tusers',
  '/admin/\u0085',
  '/film/été',
  '/admin/films?q=été',
  '/admin/comments?q=東京物語',
  '//evil.example',
  'https://evil.example/admin',
  '/\\evil.example',
  '/admin/comments/\\\\evil.example',
];

/**
 * A NUL is refused at the edge for every field (400 naming it, server/plugins/input-guard.ts) before a redirect is
 * built; every other hostile value is answered with a redirect.
 */
function expectRefusedOrSameSite(
  value: string,
  r: { statusCode: number; body: string; headers: { location?: unknown } },
  field: string,
) {
  if (value.includes('\u0000')) {
    expect(r.statusCode, value).toBe(400);
    expect(r.body).toContain(field);
    return;
  }
  expect(r.statusCode, value).toBe(303);
  expectSameSiteAscii(r.headers.location);
}

/** A Location the browser resolves to this site, written in ASCII only. */
function expectSameSiteAscii(location: unknown) {
  expect(typeof location).toBe('string');
  const value = location as string;
  expect(value).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(new URL(value, 'http://reelhouse.test').origin).toBe('http://reelhouse.test');
}

describeEachDialect('redirects built from next and back', (dialect) => {
  let t: TestApp;
  let admin: TestVisitor;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await createStaff(t, new Date());
    admin = await logIn(t, ADMIN, '192.0.2.40');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/comments' })).body);
  });
  afterAll(async () => t.close());

  it('GET /admin/login?next=… for a signed-in admin never fails and stays on this site, in ASCII', async () => {
    for (const next of HOSTILE) {
      const r = await admin.request({ url: `/admin/login?${new URLSearchParams({ next })}` });
      expectRefusedOrSameSite(next, r, 'next');
    }
    const accented = await admin.request({
      url: `/admin/login?${new URLSearchParams({ next: '/admin/films?q=été' })}`,
    });
    expect(accented.headers.location).toBe('/admin/films?q=%C3%A9t%C3%A9');
    const split = await admin.request({ url: '/admin/login?next=/admin%0d%0aSet-Cookie:x' });
    expect(split.headers.location).toBe('/admin');
    expect(split.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^x/));
  });

  it('POST /admin/login with a hostile next logs in and lands on this site, in ASCII', async () => {
    for (const next of HOSTILE) {
      const v = new TestVisitor(t.app, '192.0.2.41');
      v.csrfToken = csrfOf((await v.request({ url: '/admin/login' })).body);
      const r = await v.form('/admin/login', { ...ADMIN, next });
      expectRefusedOrSameSite(next, r, 'next');
    }
  });

  it('moderation forms with a hostile back land in the moderation queue, in ASCII', async () => {
    for (const back of HOSTILE) {
      const bulk = await admin.form('/admin/comments/bulk', { action: 'approve', ids: '999999', back });
      expectRefusedOrSameSite(back, bulk, 'back');
      if (bulk.statusCode === 303) expect(bulk.headers.location).toMatch(/^\/admin\/comments/);
    }
    const kept = await admin.form('/admin/comments/bulk', {
      action: 'approve',
      ids: '999999',
      back: '/admin/comments?status=pending&q=été',
    });
    expect(kept.headers.location).toBe('/admin/comments?status=pending&q=%C3%A9t%C3%A9');
  });
});
