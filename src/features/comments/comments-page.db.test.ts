// What a commenter and a moderator see around a comment: the refused form, their own pending comment, the feed link,
// the dashboard's count and the moderation messages.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStaff, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const FILM = '/film/alien';

async function visitorOnFilm(t: TestApp, ip: string) {
  const v = new TestVisitor(t.app, ip);
  const page = await v.request({ url: FILM });
  v.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return v;
}

const flashOf = async (v: TestVisitor, url: string) =>
  /<p class="flash[^"]*"[^>]*>([^<]*)</.exec((await v.request({ url })).body)?.[1];

describeEachDialect('comments on the film page and in moderation', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [buildFilm({ title: 'Alien', year: 1979 })]);
    await createStaff(t, clock.now());
  });
  afterAll(async () => t.close());

  it('JavaScript off: a refused comment comes back as the film page, scrolled to the form, with the text kept', async () => {
    const v = await visitorOnFilm(t, '203.0.113.20');
    const page = await v.request({ url: FILM });
    // The form posts to an address with a fragment: the browser keeps it for the answer and scrolls there.
    expect(page.body).toContain('action="/film/alien/comments#respond"');
    const refused = await v.form('/film/alien/comments', {
      authorName: '',
      authorEmail: 'not an email',
      body: 'The chestburster scene still works.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<h1[^>]*>[^<]*Alien/);
    expect(refused.body).toContain('id="respond"');
    expect(refused.body).toContain('Your comment was not posted');
    expect(refused.body).toContain('The chestburster scene still works.</textarea>');
    expect(refused.body).toContain('value="not an email"');
    expect(refused.body).toMatch(/id="comment-authorName-error"/);
  });

  it('the visitor’s own pending comment is not under "No comments yet"; the page links its comment feed', async () => {
    const v = await visitorOnFilm(t, '203.0.113.21');
    const before = (await v.request({ url: FILM })).body;
    expect(before).toContain('>No comments yet</h2>');
    expect(before).toContain('<link rel="alternate" type="application/rss+xml"');
    expect(before).toContain('href="/film/alien/comments/feed.xml"');
    const posted = await v.form('/film/alien/comments', {
      authorName: 'Ann Ripley',
      authorEmail: 'ann@example.org',
      body: 'Great film, the best of the series by far.',
    });
    expect(posted.statusCode).toBe(303);
    const own = (await v.request({ url: FILM })).body;
    expect(own).toContain('Your comment is awaiting moderation.');
    expect(own).not.toContain('No comments yet');
    expect(own).toContain('>Comments</h2>');
    // The avatar: initials on a colour, as for every comment.
    expect(own).toMatch(/<span class="avatar hue-\d+" aria-hidden="true">AR<\/span>/);
    // A stranger sees no comment yet.
    expect((await t.app.inject({ url: FILM })).body).toContain('No comments yet');
  });

  it('the dashboard counts comments awaiting moderation; a moderation message names the comment', async () => {
    const mod = await logIn(t, MODERATOR, '203.0.113.22');
    const dashboard = (await mod.request({ url: '/admin' })).body;
    expect(dashboard).toMatch(/<strong>1<\/strong> comment is awaiting moderation/);
    const held = await t.t.db
      .selectFrom('comments')
      .select('id')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const approved = await mod.form(`/admin/comments/${held.id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    expect(await flashOf(mod, approved.headers.location as string)).toBe(
      'Approved the comment by Ann Ripley on Alien: “Great film, the best of the series by far.”',
    );
    expect((await mod.request({ url: '/admin' })).body).toContain('No comments are awaiting moderation.');
    const bulk = await mod.form('/admin/comments/bulk', { ids: String(held.id), action: 'unapprove' });
    expect(await flashOf(mod, bulk.headers.location as string)).toBe('Unapproved 1 comment.');
  });
});
