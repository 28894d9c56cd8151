import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, logIn } from '../../test/support/admin.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { createApiTokenForEmail } from '../features/accounts/index.js';

/** Inputs PostgreSQL refuses where SQLite shrugs (ids past 2^31 - 1, NUL characters, forged cursors): 4xx on both. */
describeEachDialect('edge inputs', (dialect) => {
  let t: TestApp;
  let token: string;
  const TOO_BIG = '2147483648';
  const fieldOf = (body: string) => (JSON.parse(body) as { error: { fields?: Record<string, string> } }).error.fields;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 }), buildFilm({ title: 'Ran', year: 1985 })]);
    const now = new Date('2026-11-25T12:00:00Z');
    await createStaff(t, now);
    token = (await createApiTokenForEmail(t.t.db, ADMIN.email, 'tests', now)).token;
  });
  afterAll(async () => t.close());

  it('answers a film page asked to reply to an id past 2^31 - 1 as it answers an unknown one', async () => {
    for (const q of [`replytocom=${TOO_BIG}`, 'replytocom=99999999999999999999', `cpage=${TOO_BIG}`]) {
      const page = await t.app.inject({ url: `/film/heat?${q}` });
      expect(page.statusCode, q).toBe(200);
    }
  });

  it('refuses a reply to a parent id past 2^31 - 1 with a 400 naming parentId', async () => {
    const v = await TestVisitor.start(t.app);
    const fields = { authorName: 'Ann', authorEmail: 'ann@example.org', body: 'A fine film, really.' };
    const api = await v.api('POST', '/api/v1/films/heat/comments', { ...fields, parentId: 2 ** 31 });
    expect(api.statusCode).toBe(400);
    expect(fieldOf(api.body)).toHaveProperty('parentId');
    const form = await v.form('/film/heat/comments', { ...fields, parentId: TOO_BIG });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('parentId: not a comment id.');
  });

  it('refuses admin ids past 2^31 - 1 in paths and bulk forms, with a 400 naming the field', async () => {
    const bearer = { authorization: `Bearer ${token}` };
    // "Infinity" passes Ajv's integer coercion with its bounds unchecked; it must not reach a query either.
    for (const url of [
      `/api/v1/admin/comments/${TOO_BIG}/approve`,
      `/api/v1/admin/comments/${2 ** 53}/spam`,
      '/api/v1/admin/comments/Infinity/spam',
      '/api/v1/admin/comments/-Infinity/trash',
    ]) {
      const response = await t.app.inject({ method: 'POST', url, headers: bearer });
      expect(response.statusCode, url).toBe(400);
      expect(fieldOf(response.body)).toHaveProperty('id');
    }
    const admin = await logIn(t, ADMIN, '198.51.100.1');
    for (const url of [`/admin/comments/${TOO_BIG}`, `/admin/films/${TOO_BIG}`]) {
      const response = await admin.request({ url });
      expect(response.statusCode, url).toBe(400);
    }
    const rename = await admin.form(`/admin/categories/${TOO_BIG}/rename`, { name: 'Noir' });
    expect(rename.statusCode).toBe(400);
    const bulk = await admin.form('/admin/comments/bulk', { action: 'approve', ids: TOO_BIG });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.body).toContain('ids');
    const fine = await admin.form('/admin/comments/bulk', { action: 'approve', ids: '2147483647' });
    expect(fine.statusCode).toBe(303);
  });

  it('refuses a NUL character in any text field with a 400 naming the field, and stores nothing', async () => {
    const v = await TestVisitor.start(t.app);
    const fields = { authorName: 'Ann', authorEmail: 'ann@example.org', body: 'A fine film, really.' };
    for (const name of ['authorName', 'authorEmail', 'body'] as const) {
      const api = await v.api('POST', '/api/v1/films/heat/comments', { ...fields, [name]: 'a\u0000b' });
      expect(api.statusCode, name).toBe(400);
      expect(fieldOf(api.body), name).toEqual({ [name]: `${name}: must not contain a NUL character` });
      const form = await v.form('/film/heat/comments', { ...fields, [name]: 'a\u0000b' });
      expect(form.statusCode, name).toBe(400);
      expect(form.body).toContain(`${name}: must not contain a NUL character`);
    }
    const count = await t.t.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    for (const url of ['/api/v1/search?q=he%00at', '/api/v1/search/suggestions?q=%00', '/search?q=%00']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.body).toContain('q: must not contain a NUL character');
    }

    const visitor = new TestVisitor(t.app, '198.51.100.9');
    const loginPage = await visitor.request({ url: '/admin/login' });
    visitor.csrfToken = /name="_csrf" value="([^"]+)"/.exec(loginPage.body)?.[1] ?? '';
    const login = await visitor.form('/admin/login', { email: 'owner@example.org\u0000', password: 'x' });
    expect(login.statusCode).toBe(400);
    expect(login.body).toContain('email: must not contain a NUL character');

    const admin = await logIn(t, ADMIN, '198.51.100.2');
    const search = await admin.request({ url: '/admin/comments?q=a%00b' });
    expect(search.statusCode).toBe(400);
    expect(search.body).toContain('q: must not contain a NUL character');
  });

  it('answers a malformed percent-escape in the path with the site error format', async () => {
    const api = await t.app.inject({ url: '/api/v1/films/%ZZ' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('malformed') } });
    const tooLong = await t.app.inject({ url: `/api/v1/films/${'a'.repeat(300)}` });
    expect(tooLong.statusCode).toBe(404);
    expect(tooLong.json()).toMatchObject({ error: { code: 'not_found' } });
    const page = await t.app.inject({ url: '/film/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('refuses a forged or garbled API cursor with a 400 naming cursor', async () => {
    const forged = (o: unknown, f: unknown = '|||newest') =>
      Buffer.from(JSON.stringify({ o, f }).replace('"@@"', '1e21')).toString('base64url');
    const cursors = [
      Buffer.from('{"o":1e21,"f":"|||newest"}').toString('base64url'),
      Buffer.from('{"o":1e300,"f":"|||newest"}').toString('base64url'),
      Buffer.from('{"o":9223372036854775808,"f":"|||newest"}').toString('base64url'),
      forged(2 ** 63),
      forged(-24),
      forged(2.5),
      forged('24'),
      forged(null),
      forged(24, 7),
      Buffer.from('null').toString('base64url'),
      Buffer.from('[24]').toString('base64url'),
      'not*base64!',
      '%00',
      'A',
    ];
    for (const cursor of cursors) {
      const response = await t.app.inject({ url: `/api/v1/films?cursor=${encodeURIComponent(cursor)}` });
      expect(response.statusCode, cursor).toBe(400);
      expect(fieldOf(response.body), cursor).toHaveProperty('cursor');
    }
    const first = (await t.app.inject({ url: '/api/v1/films?limit=1' })).json() as { nextCursor: string };
    const next = await t.app.inject({ url: `/api/v1/films?limit=1&cursor=${first.nextCursor}` });
    expect(next.statusCode).toBe(200);
  });
});
