import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { TestVisitor } from '../../../test/support/visitor.js';
import { movieBlogWxr } from '../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS, runWxrImport } from '../importers/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describeEachDialect('static pages', (dialect) => {
  let t: TestApp;
  let admin: TestVisitor;
  const clock = new TestClock();
  const pageId = async (title: string) =>
    (await t.t.db.selectFrom('pages').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    admin = await logIn(t, ADMIN, '192.0.2.40');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/pages/new' })).body);
  });
  afterAll(async () => t.close());

  it('an admin writes a page in Markdown; visitors read it, sanitised, at its address', async () => {
    const saved = await admin.form('/admin/pages', {
      title: 'House rules',
      path: '',
      markdown: '## Be kind\n\nNo *spoilers*. [Why](https://example.org/why)\n\n<script>alert(1)</script>',
      published: '1',
    });
    expect(saved.statusCode).toBe(303);
    const page = await t.app.inject({ url: '/page/house-rules' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>House rules</h1>');
    expect(page.body).toContain('<h2>Be kind</h2>');
    expect(page.body).toContain('<em>spoilers</em>');
    expect(page.body).toContain('<a href="https://example.org/why" rel="nofollow ugc noopener">Why</a>');
    expect(page.body).not.toContain('alert(1)');
    const audit = await t.t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('target_type', '=', 'page')
      .execute();
    expect(audit).toEqual([{ action: 'page.create', actor: ADMIN.email }]);
  });

  it('a draft is not public, and admins preview it', async () => {
    const id = await pageId('House rules');
    const edited = await admin.form(`/admin/pages/${id}`, {
      title: 'House rules',
      path: '/rules',
      markdown: 'Draft text',
    });
    expect(edited.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/rules' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/page/house-rules' })).statusCode).toBe(404);
    const preview = await admin.request({ url: `/admin/pages/${id}/preview` });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Not published: only admins see this page.');
    expect((await t.app.inject({ url: `/admin/pages/${id}/preview` })).statusCode).not.toBe(200);
    const list = await admin.request({ url: '/admin/pages' });
    expect(list.body).toContain('Draft (admins only)');
  });

  it('refuses an address the site answers itself, or another page holds, next to the field', async () => {
    const taken = await admin.form('/admin/pages', { title: 'Films', path: '/film/anything', markdown: 'x' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('address: the site itself answers at /film');
    expect(taken.body).toContain('id="field-path-error"');
    expect(taken.body).toContain('value="Films"');
    const route = await admin.form('/admin/pages', { title: 'Top', path: '/about/ratings', markdown: 'x' });
    expect(route.statusCode).toBe(400);
    const twice = await admin.form('/admin/pages', { title: 'Other', path: '/rules', markdown: 'x' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('the page &quot;House rules&quot; is already at /rules');
  });

  it('a moderator cannot edit pages, and a form without its CSRF token is refused', async () => {
    const moderator = await logIn(t, MODERATOR, '192.0.2.41');
    expect((await moderator.request({ url: '/admin/pages' })).statusCode).toBe(403);
    const forged = await admin.request({
      method: 'POST',
      url: '/admin/pages',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ title: 'Forged', path: '', markdown: 'x', published: '1' }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(await t.t.db.selectFrom('pages').select('id').where('title', '=', 'Forged').execute()).toEqual([]);
  });

  it('imported pages answer at their old WordPress address; drafts come in unpublished', async () => {
    const file = path.join(tmp, `blog-${dialect}.xml`);
    fs.writeFileSync(
      file,
      movieBlogWxr([
        { id: 105, title: 'About us', slug: 'about', type: 'page', content: '<h2>Who</h2><p>Two friends.</p>' },
        { id: 106, title: 'Coming soon', slug: 'soon', type: 'page', status: 'draft', content: '<p>Shh</p>' },
        {
          id: 104,
          title: 'Festival news',
          slug: 'festival-news',
          categories: [['news', 'News']],
          content: '<p>The festival opens on <strong>Friday</strong>.</p>',
        },
      ]),
    );
    const summary = await runWxrImport(t.t.db, {
      file,
      filmCategories: ['English Movies'],
      limits: DEFAULT_IMPORT_LIMITS,
      ipSalt: 'salt',
    });
    expect(summary.pages).toMatchObject({ inserted: 3, unpublished: 1 });
    expect(summary.films.inserted).toBe(0);
    const about = await t.app.inject({ url: '/about/' });
    expect(about.statusCode).toBe(200);
    expect(about.body).toContain('<h1>About us</h1>');
    expect(about.body).toContain('Two friends.');
    const news = await t.app.inject({ url: '/2014/02/festival-news/' });
    expect(news.body).toContain('<strong>Friday</strong>');
    const byId = await t.app.inject({ url: '/?page_id=105' });
    expect([byId.statusCode, byId.headers.location]).toEqual([301, '/about']);
    expect((await t.app.inject({ url: '/soon/' })).statusCode).toBe(404);
    const soon = await pageId('Coming soon');
    expect((await admin.request({ url: `/admin/pages/${soon}/preview` })).body).toContain('Shh');

    // An edit made here survives a re-import of a changed export.
    const aboutId = await pageId('About us');
    clock.advance(60_000);
    await admin.form(`/admin/pages/${aboutId}`, {
      title: 'About',
      path: '/about',
      markdown: 'Ours now',
      published: '1',
    });
    fs.writeFileSync(
      file,
      movieBlogWxr([{ id: 105, title: 'About us', slug: 'about', type: 'page', content: '<p>Changed there</p>' }]),
    );
    const again = await runWxrImport(t.t.db, {
      file,
      filmCategories: ['English Movies'],
      limits: DEFAULT_IMPORT_LIMITS,
      ipSalt: 'salt',
    });
    expect(again.pages.keptEdited).toBe(1);
    expect((await t.app.inject({ url: '/about' })).body).toContain('Ours now');
  });

  it('deletes a page', async () => {
    const id = await pageId('About');
    expect((await admin.form(`/admin/pages/${id}/delete`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/about' })).statusCode).toBe(404);
  });
});
