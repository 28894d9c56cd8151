import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStaff, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const XSS = fs
  .readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'));

/** Comments on lists, "seen" from the diary, and a member's lists in their export and account deletion. */
describeEachDialect('lists: comments, diary, account', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    const engagement = { ...testConfig().engagement, writesPerVisitorPerMinute: 1000, writesPerIpPerMinute: 1000 };
    t = await createTestApp(dialect, { engagement });
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 }), buildFilm({ title: 'Ran', year: 1985 })]);
    await createStaff(t, new Date());
  });
  afterEach(async () => t.close());

  const filmIds = async () => (await t.t.db.selectFrom('films').select(['id', 'slug']).orderBy('id').execute()) ?? [];

  async function publicList(v: TestVisitor) {
    const api = await v.api('POST', '/api/v1/me/lists', { title: 'Night films', visibility: 'public' });
    expect(api.statusCode).toBe(201);
    const list = api.json() as { id: number; url: string };
    for (const f of await filmIds())
      expect((await v.api('POST', `/api/v1/me/lists/${list.id}/entries`, { filmId: f.id })).statusCode).toBe(200);
    return list;
  }

  it('takes comments from guests and members: moderated, on the list page only, out of the feeds', async () => {
    const owner = await signedInMember(t);
    const list = await publicList(owner.visitor);
    const guest = new TestVisitor(t.app);
    guest.csrfToken = csrfIn((await guest.request({ url: list.url })).body);

    const refused = await guest.form(`/lists/${list.id}/comments`, {
      authorName: 'Ida',
      authorEmail: 'nope',
      body: 'Hi',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('list-comment-authorEmail-error');

    const posted = await guest.form(`/lists/${list.id}/comments`, {
      authorName: '<b>Ida</b>',
      authorEmail: 'ida@example.org',
      body: 'Good picks <script>alert(1)</script> all.',
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`${list.url}#comments`);
    const held = await t.t.db.selectFrom('comments').selectAll().executeTakeFirstOrThrow();
    expect(held).toMatchObject({ status: 'pending', list_id: list.id, film_id: null, parent_id: null });
    expect((await new TestVisitor(t.app).request({ url: list.url })).body).not.toContain('Good picks');

    // The moderation queue shows it with the list's title and a link that finds the list.
    const moderator = await logIn(t, MODERATOR, '192.0.2.50');
    const queue = await moderator.request({ url: '/admin/comments?status=pending' });
    expect(queue.body).toContain('Good picks');
    expect(queue.body).toContain(`/list/${list.id}#comment-${held.id}`);
    expect(queue.body).toContain('Night films');
    const found = await new TestVisitor(t.app).request({ url: `/list/${list.id}` });
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(list.url);
    moderator.csrfToken = csrfIn(queue.body);
    await moderator.form('/admin/comments/bulk', { action: 'approve', ids: String(held.id) });

    const page = (await new TestVisitor(t.app).request({ url: list.url })).body;
    expect(page).toContain('Good picks &lt;script>alert(1)&lt;/script> all.');
    expect(page).toContain('&lt;b>Ida&lt;/b>');
    expect((await new TestVisitor(t.app).request({ url: '/comments/feed.xml' })).body).not.toContain('Good picks');
    for (const f of await filmIds())
      expect((await new TestVisitor(t.app).request({ url: `/film/${f.slug}` })).body).not.toContain('Good picks');

    // A member comments as themselves; the same text twice is refused as a duplicate.
    const fan = await signedInMember(t, { displayName: 'Jo Member' });
    expect((await fan.visitor.form(`/lists/${list.id}/comments`, { body: 'Nicely chosen.' })).statusCode).toBe(303);
    await fan.visitor.form(`/lists/${list.id}/comments`, { body: 'Nicely chosen.' });
    const mine = await t.t.db.selectFrom('comments').selectAll().where('body', '=', 'Nicely chosen.').execute();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ author_name: 'Jo Member', author_email: fan.member.email, list_id: list.id });

    // Deleting the list deletes its comments.
    expect((await owner.visitor.api('DELETE', `/api/v1/me/lists/${list.id}`)).statusCode).toBeLessThan(300);
    expect(await t.t.db.selectFrom('comments').select('id').where('list_id', '=', list.id).execute()).toEqual([]);
  });

  it('escapes every XSS payload in a list comment', async () => {
    const owner = await signedInMember(t);
    const list = await publicList(owner.visitor);
    for (const [i, payload] of XSS.entries()) {
      await t.t.db
        .insertInto('comments')
        .values({
          film_id: null,
          list_id: list.id,
          parent_id: null,
          author_name: payload,
          author_email: `x${i}@example.org`,
          author_url: null,
          body: payload,
          status: 'approved',
          reasons: '[]',
          spam_score: null,
          body_hash: `h${i}`,
          visitor_id: null,
          ip_hash: null,
          user_agent: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          status_changed_at: new Date().toISOString(),
        })
        .execute();
    }
    const page = (await new TestVisitor(t.app).request({ url: list.url })).body;
    // Every payload is text: no tag it opens reaches the page, no attribute carries a script address.
    const thread = page.slice(page.indexOf('id="comments"'), page.indexOf(`action="/lists/${list.id}/comments`));
    expect(thread).not.toMatch(/<(script|img|svg|iframe|object|embed|body|input|select|details|video|audio|a )/i);
    expect(thread).not.toMatch(/(href|src)="\s*javascript:/i);
    expect(thread.match(/<article class="comment"/g)).toHaveLength(XSS.length);
  });

  it('counts films logged in the diary as seen', async () => {
    const { visitor: v } = await signedInMember(t);
    const list = await publicList(v);
    const [heat] = await filmIds();
    expect((await v.request({ url: list.url })).body).toMatch(/You’ve seen 0 of 2/);
    // Logged without stars: no vote, only the diary entry.
    expect((await v.form(`/film/${heat!.slug}/log`, { date: '2026-12-01' })).statusCode).toBe(303);
    expect((await v.request({ url: list.url })).body).toMatch(/You’ve seen 1 of 2/);
  });

  it('puts a member’s lists in their export and deletes them with the account', async () => {
    const owner = await signedInMember(t);
    const list = await publicList(owner.visitor);
    const noted = await owner.visitor.request({
      method: 'PATCH',
      url: `/api/v1/me/lists/${list.id}/entries/${(await filmIds())[0]!.id}`,
      headers: { 'x-csrf-token': owner.visitor.csrfToken, 'content-type': 'application/json' },
      payload: JSON.stringify({ note: 'Best on a big screen' }),
    });
    expect(noted.statusCode).toBe(200);
    const exported = (await owner.visitor.request({ url: '/settings/export.json' })).json() as {
      lists: Array<{ title: string; entries: Array<{ note: string; film: { slug: string } }> }>;
    };
    expect(exported.lists).toHaveLength(1);
    expect(exported.lists[0]).toMatchObject({ title: 'Night films' });
    expect(exported.lists[0]!.entries.map((e) => e.note)).toEqual(['Best on a big screen', '']);
    const csv = (await owner.visitor.request({ url: '/settings/export.csv' })).body;
    expect(csv).toContain('list,,public,');
    expect(csv).toContain('Best on a big screen');

    const deleted = await owner.visitor.form('/settings/delete', {
      mode: 'anonymise',
      delete_password: 'a long enough member password',
    });
    expect(deleted.statusCode).toBe(303);
    expect(await t.t.db.selectFrom('lists').select('id').execute()).toEqual([]);
    expect(await t.t.db.selectFrom('list_entries').select('film_id').execute()).toEqual([]);
    expect((await new TestVisitor(t.app).request({ url: list.url })).statusCode).toBe(404);
  });
});
