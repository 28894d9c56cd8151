import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR, multipart } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../../test/support/factories.js';

/**
 * Every admin write, taken from the route table (so a new route cannot be forgotten), as the two ways a form can
 * arrive: multipart (the upload forms) and urlencoded. accounts.db.test.ts checks every admin GET by role and every
 * urlencoded POST without a token; this adds the multipart body and moderators posting with a valid token.
 */
describeEachDialect('admin writes, from the route table', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  const concrete = (url: string) => url.replaceAll(':id', '1');
  /** Routes of this feature parse multipart bodies; elsewhere multipart is refused outright (415), also fine. */
  const parsesMultipart = (url: string) => /^\/admin\/(films|categories|genres|import)(\/|$)/.test(url);
  const multipartRefusal = (url: string) => (parsesMultipart(url) ? [403] : [403, 415]);

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [buildFilm({ title: 'Guarded Film' })]);
  });
  afterAll(async () => t.close());

  const adminPosts = () =>
    t.app.routeTable.filter((r) => r.method === 'POST' && r.url.startsWith('/admin') && r.role === 'admin');

  it('refuses a multipart admin POST without a CSRF token, even from a logged-in admin', async () => {
    const admin = await logIn(t, ADMIN, '192.0.2.50');
    const posts = adminPosts();
    expect(posts.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/admin/films', '/admin/films/:id', '/admin/import']),
    );
    for (const route of posts) {
      const body = multipart({ title: 'No token', name: 'x' });
      const response = await admin.request({ method: 'POST', url: concrete(route.url), ...body });
      expect(multipartRefusal(route.url), `POST ${route.url}`).toContain(response.statusCode);
      if (parsesMultipart(route.url)) expect(response.body, `POST ${route.url}`).toContain('This form has expired');
    }
  });

  it('refuses every admin-only POST from a moderator, even with a valid CSRF token, and changes nothing', async () => {
    const moderator = await logIn(t, MODERATOR, '192.0.2.51');
    moderator.csrfToken = csrfOf((await moderator.request({ url: '/admin' })).body);
    const before = await t.t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const route of adminPosts()) {
      const url = concrete(route.url);
      const form = await moderator.form(url, {
        title: 'Taken over',
        name: 'Taken over',
        targetId: '1',
        direction: 'up',
      });
      expect(form.statusCode, `POST ${url} (form)`).toBe(403);
      const body = multipart({ _csrf: moderator.csrfToken, title: 'Taken over' });
      const upload = await moderator.request({ method: 'POST', url, ...body });
      expect(multipartRefusal(route.url), `POST ${url} (multipart)`).toContain(upload.statusCode);
    }
    const after = await t.t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await t.app.inject({ url: '/film/guarded-film' })).statusCode).toBe(200);
  });
});
