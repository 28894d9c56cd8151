import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import type { TestVisitor } from '../../../../test/support/visitor.js';
import { MOVIE_BLOG_POSTS, movieBlogWxr, SITE } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from './wxr-import.service.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'held-posts-'));
const file = path.join(tmp, 'blog.xml');
// The draft shares its director and subject with Inception, so publishing it gives both a related film.
const posts = MOVIE_BLOG_POSTS.map((p) =>
  p.id === 103
    ? {
        ...p,
        content:
          '<p>Director: Christopher Nolan</p><p>A thief steals secrets through dream-sharing, again.</p><p>Unfinished review.</p>',
      }
    : p,
);
fs.writeFileSync(file, movieBlogWxr(posts));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const options = {
  file,
  filmCategories: ['English Movies', 'korean-movies'],
  limits: DEFAULT_IMPORT_LIMITS,
  ipSalt: 's',
};

describeEachDialect('publishing imported draft film posts', (dialect) => {
  let t: TestApp;
  let admin: TestVisitor;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    await runWxrImport(t.t.db, options);
    admin = await logIn(t, ADMIN, '192.0.2.50');
  });
  afterAll(async () => t.close());

  it('lists the held draft for admins only, with what it holds', async () => {
    const page = await admin.request({ url: '/admin/drafts' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tom &amp; Jerry’s Movie');
    expect(page.body).toContain('draft · WordPress post 103 · English Movies');
    expect(page.body).toContain('A thief steals secrets through dream-sharing, again.');
    expect((await t.app.inject({ url: '/admin/drafts' })).statusCode).not.toBe(200);
    admin.csrfToken = csrfOf(page.body);
  });

  it('publishing makes it a film like any other: catalog, category, search, related films, audit', async () => {
    const published = await admin.form('/admin/drafts/publish', { source: SITE, postId: '103' });
    expect(published.statusCode).toBe(303);
    const film = await t.t.db
      .selectFrom('films')
      .selectAll()
      .where('title', '=', 'Tom & Jerry’s Movie')
      .executeTakeFirstOrThrow();
    const filmPage = await t.app.inject({ url: `/film/${film.slug}` });
    expect(filmPage.statusCode).toBe(200);
    expect(filmPage.body).toContain('Unfinished review.');
    expect((await t.app.inject({ url: '/category/english-movies' })).body).toContain('Tom &amp; Jerry’s Movie');
    // The film-change listeners ran: it has related films (Inception shares its category) and is searchable.
    const related = await t.t.db
      .selectFrom('related_films')
      .select('related_id')
      .where('film_id', '=', film.id)
      .execute();
    expect(related.length).toBeGreaterThan(0);
    const search = await t.app.inject({ url: '/search?q=jerry' });
    expect(search.body).toContain(`/film/${film.slug}`);
    const byId = await t.app.inject({ url: '/?p=103' });
    expect([byId.statusCode, byId.headers.location]).toEqual([301, `/film/${film.slug}`]);
    const audit = await t.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', String(film.id))
      .execute();
    expect(audit).toEqual([{ action: 'film.publish' }]);
    expect((await admin.request({ url: '/admin/drafts' })).body).not.toContain('id="held-103"');
  });

  it('publishing twice is refused, and a re-import keeps the published film as it is', async () => {
    const again = await admin.form('/admin/drafts/publish', { source: SITE, postId: '103' });
    expect(again.statusCode).toBe(404);
    const summary = await runWxrImport(t.t.db, options);
    expect(summary.films).toMatchObject({ inserted: 0, unchanged: 3 });
    expect(summary.unpublished).toBe(0);
    expect(await t.t.db.selectFrom('films').select('id').where('title', 'like', 'Tom%').execute()).toHaveLength(1);
  });

  it('refuses a publish without the CSRF token', async () => {
    const forged = await admin.request({
      method: 'POST',
      url: '/admin/drafts/publish',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ source: SITE, postId: '103' }).toString(),
    });
    expect(forged.statusCode).toBe(403);
  });
});
