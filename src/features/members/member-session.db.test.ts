import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csrfOf } from '../../../test/support/admin.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

/**
 * A member is a visitor with an account (decision 026): signed in, they vote with their own visitor id, whatever
 * browser they use, and they see the site as themselves; signed out, the browser is a guest again.
 */
describeEachDialect('member sessions', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Stalker', year: 1979 })]);
  });
  afterAll(async () => t.close());

  const votesOf = (visitorId: string) =>
    t.t.db.selectFrom('film_votes').select('score').where('visitor_id', '=', visitorId).execute();

  it('votes with the member’s own visitor id, from any browser signed in as them', async () => {
    const { member, visitor, cookies } = await signedInMember(t);
    const r = await visitor.api('PUT', '/api/v1/films/stalker/rating', { stars: 4 });
    expect(r.statusCode).toBe(200);
    expect(await votesOf(member.visitorId)).toEqual([{ score: 8 }]);

    // A second browser with the same session sees the member's vote as its own.
    const other = new TestVisitor(t.app, '198.51.100.9');
    other.setCookie('rh_member', cookies.rh_member!);
    const mine = await other.request({ url: '/api/v1/films/stalker/rating' });
    expect(mine.json()).toMatchObject({ yours: 4 });
  });

  it('shows “Signed in as” with the member’s name in the header, escaped', async () => {
    const { visitor } = await signedInMember(t, { displayName: '<b>Tarkovsky fan</b>' });
    const page = await visitor.request({ url: '/film/stalker' });
    expect(page.body).toContain('Signed in as <a href="/u/');
    expect(page.body).toContain('&lt;b&gt;Tarkovsky fan&lt;/b&gt;');
    expect(page.body).not.toContain('<b>Tarkovsky fan</b>');
    const guest = await t.app.inject({ url: '/film/stalker' });
    expect(guest.body).toContain('href="/join"');
    expect(guest.body).not.toContain('Signed in as');
  });

  it('leads a member from the header to their diary, watchlist and lists, and everyone to the activity feed', async () => {
    const { visitor, member } = await signedInMember(t, { displayName: 'Menu Reader' });
    const page = (await visitor.request({ url: '/film/stalker' })).body;
    const account = /<nav class="member-nav" aria-label="Account">([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? '';
    const links = [...account.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['/me/diary', 'Diary'],
        ['/me/watchlist', 'Watchlist'],
        ['/my/lists', 'Your lists'],
      ]),
    );
    for (const [href] of links) {
      const res = await visitor.request({ url: href as string });
      const landed = res.statusCode === 303 ? await visitor.request({ url: res.headers.location as string }) : res;
      expect(landed.statusCode, href).toBe(200);
    }
    // The profile links the member's lists.
    const profile = (await visitor.request({ url: `/u/${member.handle}` })).body;
    expect(profile).toContain(`<a href="/u/${member.handle}/lists">Lists by Menu Reader</a>`);
    const guest = (await t.app.inject({ url: '/film/stalker' })).body;
    expect(guest).toContain('<a href="/activity">Activity</a>');
    expect((await t.app.inject({ url: '/activity' })).statusCode).toBe(200);
  });

  it('serves a member’s film page from the shared cache with only their own stars', async () => {
    const a = await signedInMember(t);
    const b = await signedInMember(t);
    await a.visitor.api('PUT', '/api/v1/films/stalker/rating', { stars: 2.5 });
    await b.visitor.api('PUT', '/api/v1/films/stalker/rating', { stars: 5 });
    await t.app.inject({ url: '/film/stalker' }); // a guest renders the shared copy
    const pageA = await a.visitor.request({ url: '/film/stalker' });
    const pageB = await b.visitor.request({ url: '/film/stalker' });
    expect(pageA.headers['x-page-cache']).toBe('hit');
    expect(pageB.headers['x-page-cache']).toBe('hit');
    expect(pageA.body).toContain(a.member.displayName);
    expect(pageA.body).not.toContain(b.member.displayName);
    expect(pageA.body).toContain('Your rating: <strong>2.5 stars</strong>');
    expect(pageB.body).toContain('Your rating: <strong>5 stars</strong>');
    expect(pageA.body).not.toContain('Your rating: <strong>5 stars</strong>');
  });

  it('over real HTTP (the front cache), a page stops showing the member once their sessions end elsewhere', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const { member, visitor, cookieHeader } = await signedInMember(t);
    const get = async () => {
      const response = await fetch(`${origin}/film/stalker`, { headers: { cookie: cookieHeader } });
      return { cache: response.headers.get('x-page-cache'), body: await response.text() };
    };
    await get();
    const warm = await get();
    expect(warm.cache).toBe('hit');
    expect(warm.body).toContain(`Signed in as <a href="/u/${member.handle}">${member.displayName}</a>`);

    // "Sign out everywhere" from another browser of theirs.
    visitor.csrfToken = csrfOf((await visitor.request({ url: '/settings' })).body);
    expect((await visitor.form('/settings/logout-everywhere', {})).statusCode).toBe(303);
    const after = await get();
    expect(after.body).not.toContain('Signed in as');
    expect(after.body).toContain('href="/join"');
  });
});
