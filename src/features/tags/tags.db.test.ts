import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { TestVisitor } from '../../../test/support/visitor.js';
import { MOVIE_BLOG_POSTS, movieBlogWxr } from '../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS, runWxrImport } from '../importers/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tags-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Inception is tagged Thriller and Dreams; Miracle is tagged Tearjerker, whose WordPress slug is percent-encoded
// Korean (a valid slug here too, so its address stays the same).
const posts = MOVIE_BLOG_POSTS.map((p) =>
  p.id === 101
    ? { ...p, tags: [...(p.tags ?? []), ['dreams', 'Dreams'] as [string, string]] }
    : p.id === 102
      ? {
          ...p,
          tags: [
            ['%ec%8a%ac%ed%94%94', '슬픔'] as [string, string],
            ['tear-jerker', 'Tear &amp; jerker'] as [string, string],
          ],
        }
      : p,
);

describeEachDialect('tags', (dialect) => {
  let t: TestApp;
  let admin: TestVisitor;
  const clock = new TestClock();
  const tagId = async (slug: string) =>
    (await t.t.db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    const file = path.join(tmp, `blog-${dialect}.xml`);
    fs.writeFileSync(file, movieBlogWxr(posts));
    const options = {
      file,
      filmCategories: ['English Movies', 'korean-movies'],
      limits: DEFAULT_IMPORT_LIMITS,
      ipSalt: 's',
    };
    const dry = await runWxrImport(t.t.db, { ...options, dryRun: true });
    expect(dry.tags).toBe(4);
    const summary = await runWxrImport(t.t.db, options);
    expect(summary.tags).toBe(4);
    admin = await logIn(t, ADMIN, '192.0.2.60');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/tags' })).body);
  });
  afterAll(async () => t.close());

  it('imports tags onto films: an archive page each, linked from the film page', async () => {
    const archive = await t.app.inject({ url: '/tag/thriller' });
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain('<h1>Thriller</h1>');
    expect(archive.body).toContain('href="/film/inception"');
    expect(archive.body).not.toContain('Miracle in Cell');
    const korean = await t.app.inject({ url: `/tag/${encodeURIComponent('슬픔')}` });
    expect(korean.body).toContain('Miracle in Cell No. 7');
    expect((await t.app.inject({ url: '/tag/tear-jerker' })).body).toContain('<h1>Tear &amp; jerker</h1>');
    const film = await t.app.inject({ url: '/film/inception' });
    expect(film.body).toMatch(
      /Tags:.*href="\/tag\/dreams" rel="tag">Dreams<\/a>, <a href="\/tag\/thriller" rel="tag">Thriller/s,
    );
    // The old WordPress address with its trailing slash reaches the same archive.
    const old = await t.app.inject({ url: '/tag/thriller/' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/tag/thriller']);
    expect((await t.app.inject({ url: '/tag/nothing-here' })).statusCode).toBe(404);
  });

  it('renames a tag; the old address answers 301', async () => {
    const id = await tagId('thriller');
    expect((await admin.form(`/admin/tags/${id}/rename`, { name: 'Mind-benders' })).statusCode).toBe(303);
    const old = await t.app.inject({ url: '/tag/thriller?page=1' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/tag/mind-benders']);
    expect((await t.app.inject({ url: '/tag/mind-benders' })).body).toContain('Inception');
    const taken = await admin.form(`/admin/tags/${id}/rename`, { name: 'Dreams' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('the tag &quot;Dreams&quot; already has the address /tag/dreams');
    expect(taken.body).toContain(`id="tag-${id}-name-error"`);
  });

  it('merges a tag into another: its films move and both old addresses redirect', async () => {
    const from = await tagId('mind-benders');
    const into = await tagId('dreams');
    const merged = await admin.form(`/admin/tags/${from}/merge`, { targetId: String(into) });
    expect(merged.statusCode).toBe(303);
    for (const slug of ['mind-benders', 'thriller']) {
      const old = await t.app.inject({ url: `/tag/${slug}` });
      expect([old.statusCode, old.headers.location]).toEqual([301, '/tag/dreams']);
    }
    const self = await admin.form(`/admin/tags/${into}/merge`, { targetId: String(into) });
    expect(self.statusCode).toBe(400);
    const audit = await t.t.db.selectFrom('audit_log').select('action').where('target_type', '=', 'tag').execute();
    expect(audit.map((a) => a.action)).toEqual(['tag.rename', 'tag.merge']);
  });

  it('deletes a tag; films keep their other tags, and a re-import does not bring a renamed tag back twice', async () => {
    const id = await tagId('tear-jerker');
    expect((await admin.form(`/admin/tags/${id}/delete`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/tag/tear-jerker' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/film/miracle-in-cell-no-7' })).body).toContain('슬픔');
    expect((await t.app.inject({ url: '/admin/tags' })).statusCode).not.toBe(200);
  });
});
