import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR, postMultipart } from '../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { createApiTokenForEmail } from '../features/accounts/index.js';

/**
 * The visitor's CSRF token and form stamp go into the page's own hidden fields only. The markers used to be fixed
 * strings found by searching the page, so a comment that spelled one showed every reader their own token in it.
 */

const OLD_MARKERS = ['__reelhouse_csrf__', '__reelhouse_stamp__'];
const BODY = 'Look: __reelhouse_csrf__ and __reelhouse_stamp__ are just words here.';
const NAME = 'Mallory __reelhouse_csrf__ __reelhouse_stamp__';
const HIDDEN_FIELDS = /<input type="hidden" name="(?:_csrf|form_ts)" value="[^"]*"\/?>/g;
/** What a render's marks look like (csrf-placeholder.tsx): they must never reach a visitor. */
const RENDER_MARK = /rh-[0-9a-f]{8}-[0-9a-f-]{27}-[cs]/;

/** What one visitor's copy of the film page shows, checked for everything this test is about. */
function inspect(body: string) {
  const token = csrfOf(body);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const stampField = /name="form_ts" value="([^"]+)"/.exec(body)?.[1] ?? '';
  expect(stampField).toMatch(new RegExp(`^\\d+\\.[A-Za-z0-9_-]{22}\\.${token}$`));
  // The comment is shown as written: both old markers, in the name and the body.
  expect(body).toContain(BODY);
  expect(body).toContain(NAME);
  const rest = body.replace(HIDDEN_FIELDS, '');
  expect(rest, 'the token outside the hidden fields').not.toContain(token);
  expect(body).not.toMatch(RENDER_MARK);
  return { token, stamp: stampField.slice(0, stampField.length - token.length - 1) };
}

describeEachDialect('CSRF tokens and form stamps spliced into pages', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  let origin: string;
  let filmId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Marked Film', synopsis: 'A synopsis that says __reelhouse_csrf__ and __reelhouse_stamp__.' }),
    ]);
    filmId = (await t.t.db.selectFrom('films').select('id').where('slug', '=', 'marked-film').executeTakeFirstOrThrow())
      .id;
    const token = (await createApiTokenForEmail(t.t.db, MODERATOR.email, 'splice', clock.now())).token;
    const author = new TestVisitor(t.app, '203.0.113.70');
    author.csrfToken = csrfOf((await author.request({ url: '/film/marked-film' })).body);
    const posted = await author.api('POST', '/api/v1/films/marked-film/comments', {
      authorName: NAME,
      authorEmail: 'mallory@example.org',
      body: BODY,
    });
    expect(posted.statusCode).toBe(201);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${posted.json().id}/approve`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(approved.statusCode).toBe(200);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t.close());

  it('shows a comment spelling the markers as written, from the page cache and fresh alike', async () => {
    // Over HTTP: the first visitor renders and stores the page, the second is answered by the front cache.
    const first = await fetch(`${origin}/film/marked-film`);
    expect(first.headers.get('x-page-cache')).toBe('miss');
    const second = await fetch(`${origin}/film/marked-film`);
    expect(second.headers.get('x-page-cache')).toBe('hit');
    // Through inject, the cache's onRequest hit path; and a visitor with a cookie, served the same shared copy with
    // their own parts filled in (decision 022).
    const third = await t.app.inject({ url: '/film/marked-film' });
    expect(third.headers['x-page-cache']).toBe('hit');
    const regular = await TestVisitor.start(t.app, '203.0.113.71');
    const fresh = await regular.request({ url: '/film/marked-film' });
    expect(fresh.headers['x-page-cache']).toBe('hit');

    const seen = [inspect(await first.text()), inspect(await second.text()), inspect(third.body), inspect(fresh.body)];
    // Four visitors, four tokens: none of them was written into the shared copy.
    expect(new Set(seen.map((s) => s.token)).size).toBe(4);
    for (const s of seen) expect(s.stamp).not.toBe('');
  });

  it('shows an admin the synopsis with the old marker as written, and saving keeps it', async () => {
    const admin = await logIn(t, ADMIN, '192.0.2.70');
    const form = await admin.request({ url: `/admin/films/${filmId}` });
    expect(form.statusCode).toBe(200);
    admin.csrfToken = csrfOf(form.body);
    const synopsis = /<textarea[^>]*name="synopsis"[^>]*>([^<]*)<\/textarea>/.exec(form.body)?.[1];
    expect(synopsis).toBe('A synopsis that says __reelhouse_csrf__ and __reelhouse_stamp__.');
    expect(form.body.replace(HIDDEN_FIELDS, '')).not.toContain(admin.csrfToken);

    const category = await t.t.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    const saved = await postMultipart(admin, `/admin/films/${filmId}`, {
      title: 'Marked Film',
      year: '2000',
      synopsis: synopsis!,
      origin: 'United States',
      language: 'English',
      categoryIds: String(category.id),
      primaryCategoryId: '',
      genreIds: [],
      directors: '',
      cast: '',
    });
    expect(saved.statusCode).toBe(303);
    const stored = await t.t.db
      .selectFrom('films')
      .select('synopsis')
      .where('id', '=', filmId)
      .executeTakeFirstOrThrow();
    expect(stored.synopsis).toBe('A synopsis that says __reelhouse_csrf__ and __reelhouse_stamp__.');
    for (const marker of OLD_MARKERS) expect(stored.synopsis).toContain(marker);
  });

  it('accepts the like, vote and comment forms sent with the token spliced into a cached page', async () => {
    await t.app.inject({ url: '/film/marked-film' }); // the admin's save above retired the cached copy
    const v = new TestVisitor(t.app, '203.0.113.72');
    const page = await v.request({ url: '/film/marked-film' });
    expect(page.headers['x-page-cache']).toBe('hit');
    v.csrfToken = csrfOf(page.body);
    const formTs = /name="form_ts" value="([^"]+)"/.exec(page.body)![1]!;

    expect((await v.form('/film/marked-film/like', { liked: '1' })).statusCode).toBe(303);
    expect((await v.form('/film/marked-film/rating', { stars: '4' })).statusCode).toBe(303);
    clock.advance(60_000);
    const commented = await v.form('/film/marked-film/comments', {
      authorName: 'Regular Reader',
      authorEmail: 'reader@example.org',
      authorUrl: '',
      body: 'A fine film, and I said so after reading it.',
      parentId: '',
      form_ts: formTs,
      website_hp: '',
    });
    expect(commented.statusCode).toBe(303);
    const stored = await t.t.db
      .selectFrom('comments')
      .select(['status', 'reasons'])
      .where('author_email', '=', 'reader@example.org')
      .executeTakeFirstOrThrow();
    // Held as a first comment, and for nothing the spam filter read in the form's token.
    expect(stored.reasons).not.toMatch(/token|expired|after the form was shown/);
    expect((await v.form('/film/marked-film/like', { liked: '0', _csrf: 'forged' })).statusCode).toBe(403);
  });
});
