import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStaff, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { hasXmllint, xmllintErrors } from '../../../test/support/validators.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const PAYLOADS = fs
  .readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const ATOM_XSD = path.resolve('test/fixtures/xsd/atom.xsd');
const xmllint = hasXmllint();
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describeEachDialect('activity', (dialect) => {
  let t: TestApp;
  const clock = new TestClock(new Date('2026-12-05T12:00:00Z'));
  let ip = 10;
  const guest = () => new TestVisitor(t.app, `198.51.100.${ip++}`);
  const member = (overrides = {}) => signedInMember(t, overrides, { now: clock.now(), ip: `203.0.113.${ip++}` });
  let moderator: TestVisitor;
  const feed = async () => (await guest().request({ url: '/activity' })).body;
  const approveReviewsOf = async (handle: string) => {
    const rows = await t.t.db
      .selectFrom('reviews')
      .innerJoin('members', 'members.id', 'reviews.member_id')
      .select('reviews.id')
      .where('members.handle', '=', handle)
      .execute();
    const queue = await moderator.request({ url: '/admin/reviews?status=pending' });
    moderator.csrfToken = csrfIn(queue.body);
    const ids = rows.map((r) => String(r.id)).join(',');
    return moderator.form('/admin/reviews/bulk', { action: 'approve', ids });
  };

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { engagement: { ...testConfig().engagement, writesPerVisitorPerMinute: 10_000, writesPerIpPerMinute: 10_000 } },
      { clock },
    );
    await insertFilms(
      t.t.db,
      ['Alpha Film', 'Beta Film', 'Gamma Film', 'Delta Film', 'Epsilon Film'].map((title) => buildFilm({ title })),
    );
    await createStaff(t, clock.now());
    moderator = await logIn(t, MODERATOR, '192.0.2.50');
  });
  afterAll(async () => t.close());

  it('shows an approved review, a 4-star vote and a public diary entry; not a held review, 3 stars or a private entry', async () => {
    const ann = await member({ displayName: 'Ann Active' });
    const first = await guest().request({ url: '/activity' });
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('Ann Active');

    // A first review is held: not in the feed until a moderator approves it.
    expect(
      (await ann.visitor.form('/film/alpha-film/review', { body: 'A patient, ||secret ending|| film.' })).statusCode,
    ).toBe(303);
    expect(await feed()).not.toContain('reviewed Alpha Film (2000)');
    expect((await approveReviewsOf(ann.member.handle)).statusCode).toBe(303);
    let page = await feed();
    expect(page).toContain('reviewed Alpha Film (2000)');
    expect(page).toContain('A patient, [spoiler] film.');
    expect(page).not.toContain('secret ending');

    // Votes: 4 stars shows, 3 does not; a guest's never does.
    expect((await ann.visitor.form('/film/beta-film/rating', { stars: '4' })).statusCode).toBe(303);
    expect((await ann.visitor.form('/film/gamma-film/rating', { stars: '3' })).statusCode).toBe(303);
    const someGuest = await TestVisitor.start(t.app, '198.51.100.250');
    expect((await someGuest.form('/film/delta-film/rating', { stars: '5' })).statusCode).toBe(303);
    page = await feed();
    expect(page).toContain('rated Beta Film (2000) 4★');
    expect(page).not.toContain('Gamma Film');
    expect(page).not.toContain('Delta Film');

    // Lowering the vote takes it out on the next request (the page depends on the film's key).
    expect((await ann.visitor.form('/film/beta-film/rating', { stars: '2.5' })).statusCode).toBe(303);
    expect(await feed()).not.toContain('rated Beta Film');

    // Diary: a public entry shows, a private one does not.
    await ann.visitor.form('/film/epsilon-film/log', {
      date: '2026-12-01',
      note: 'Seen at the Rex',
      visibility: 'public',
    });
    await ann.visitor.form('/film/delta-film/log', {
      date: '2026-12-02',
      note: 'Private thoughts',
      visibility: 'private',
    });
    page = await feed();
    expect(page).toContain('watched Epsilon Film (2000)');
    expect(page).toContain('Seen at the Rex');
    expect(page).not.toContain('Private thoughts');

    // Newest first.
    expect(page.indexOf('Epsilon Film')).toBeLessThan(page.indexOf('reviewed Alpha Film'));

    // The API says the same.
    const api = (await guest().request({ url: '/api/v1/activity' })).json() as {
      items: Array<{ kind: string; summary: string; member: { handle: string } }>;
    };
    expect(api.items.filter((i) => i.member.handle === ann.member.handle).map((i) => i.kind)).toEqual([
      'diary',
      'review',
    ]);
  });

  it('serves /activity from the page cache and shows a new item on the next request', async () => {
    const bo = await member({ displayName: 'Bo Cached' });
    const reader = guest();
    await reader.request({ url: '/activity' });
    const again = await reader.request({ url: '/activity' });
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.body).not.toContain('Bo Cached');
    await bo.visitor.form('/film/gamma-film/rating', { stars: '5' });
    const after = await reader.request({ url: '/activity' });
    expect(after.body).toContain('Bo Cached');
    expect(after.body).toContain('rated Gamma Film (2000) 5★');
    // A member's own page is the same as a guest's: nothing personal on it.
    const asBo = await bo.visitor.request({ url: '/activity' });
    expect(asBo.body).toContain('rated Gamma Film (2000) 5★');
  });

  it('hides members with a private profile and suspended members, and shows them again', async () => {
    const cy = await member({ displayName: 'Cy Private' });
    await cy.visitor.form('/film/alpha-film/rating', { stars: '4.5' });
    expect(await feed()).toContain('Cy Private');

    // Private profile: gone on the next request; public again: back.
    const settings = await cy.visitor.request({ url: '/settings' });
    cy.visitor.csrfToken = csrfIn(settings.body);
    const profile = { display_name: 'Cy Private', bio: '', profile_public: '0', watchlist_public: '0' };
    expect((await cy.visitor.form('/settings/profile', profile)).statusCode).toBe(303);
    expect(await feed()).not.toContain('Cy Private');
    expect((await cy.visitor.form('/settings/profile', { ...profile, profile_public: '1' })).statusCode).toBe(303);
    expect(await feed()).toContain('Cy Private');

    // Suspension hides, restoring shows.
    const list = await moderator.request({ url: '/admin/members' });
    moderator.csrfToken = csrfIn(list.body);
    expect((await moderator.form(`/admin/members/${cy.member.id}/suspend`, {})).statusCode).toBe(303);
    expect(await feed()).not.toContain('Cy Private');
    expect((await guest().request({ url: '/api/v1/activity' })).body).not.toContain('Cy Private');
    expect((await moderator.form(`/admin/members/${cy.member.id}/restore`, {})).statusCode).toBe(303);
    expect(await feed()).toContain('Cy Private');
  });

  it('pages by keyset, older items behind `before`', async () => {
    const dee = await member({ displayName: 'Dee Pager' });
    const films = await t.t.db.selectFrom('films').select('slug').execute();
    for (const film of films)
      await dee.visitor.form(`/film/${film.slug}/log`, { date: '2026-11-01', visibility: 'public' });
    const first = (await guest().request({ url: '/api/v1/activity' })).json() as {
      items: { id: number }[];
      next: number | null;
    };
    const total = await t.t.db
      .selectFrom('activity_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBeGreaterThan(0);
    if (first.next !== null) {
      const second = (await guest().request({ url: `/api/v1/activity?before=${first.next}` })).json() as {
        items: { id: number }[];
      };
      expect(second.items.every((i) => i.id < (first.next ?? 0))).toBe(true);
    }
    expect(first.items.map((i) => i.id)).toEqual([...first.items.map((i) => i.id)].sort((a, b) => b - a));
    const bad = await guest().request({ url: '/api/v1/activity?before=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('before');
  });

  it('follows and unfollows with JavaScript off, shows the Following tab and the counts', async () => {
    const eve = await member({ displayName: 'Eve Follower' });
    const fay = await member({ displayName: 'Fay Followed' });
    const gus = await member({ displayName: 'Gus Unfollowed' });
    await fay.visitor.form('/film/alpha-film/log', { date: '2026-12-03', visibility: 'public', note: 'Fay was here' });
    await gus.visitor.form('/film/beta-film/log', { date: '2026-12-03', visibility: 'public', note: 'Gus was here' });

    // The profile links to the follow page; the profile itself is shared.
    const profile = await guest().request({ url: `/u/${fay.member.handle}` });
    expect(profile.body).toContain('0 followers');
    expect(profile.body).toContain(`href="/u/${fay.member.handle}/follow"`);

    const form = await eve.visitor.request({ url: `/u/${fay.member.handle}/follow` });
    expect(form.headers['cache-control']).toContain('no-store');
    expect(form.body).toContain('>Follow</button>');
    eve.visitor.csrfToken = csrfIn(form.body);
    const posted = await eve.visitor.form(`/u/${fay.member.handle}/follow`, { follow: '1' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/u/${fay.member.handle}/follow`);
    const after = await eve.visitor.request({ url: `/u/${fay.member.handle}/follow` });
    expect(after.body).toContain('You now follow Fay Followed.');
    expect(after.body).toContain('>Unfollow</button>');

    // Without the CSRF token nothing happens.
    const forged = await eve.visitor.request({
      method: 'POST',
      url: `/u/${gus.member.handle}/follow`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'follow=1',
    });
    expect(forged.statusCode).toBe(403);

    const following = await eve.visitor.request({ url: '/activity/following' });
    expect(following.headers['cache-control']).toContain('no-store');
    expect(following.body).toContain('Fay was here');
    expect(following.body).not.toContain('Gus was here');
    expect(await feed()).toContain('Gus was here');

    expect((await guest().request({ url: `/u/${fay.member.handle}` })).body).toContain('1 follower');
    expect((await guest().request({ url: `/u/${eve.member.handle}` })).body).toContain('1 following');
    expect((await guest().request({ url: `/u/${fay.member.handle}/followers` })).body).toContain('Eve Follower');
    expect((await guest().request({ url: `/u/${eve.member.handle}/following` })).body).toContain('Fay Followed');

    // A guest is asked to sign in.
    expect((await guest().request({ url: `/u/${fay.member.handle}/follow` })).body).toContain('to follow members');
    expect((await guest().request({ url: '/activity/following' })).body).toContain('Sign in');

    // Unfollow (JavaScript off).
    eve.visitor.csrfToken = csrfIn(after.body);
    await eve.visitor.form(`/u/${fay.member.handle}/follow`, { follow: '0' });
    expect((await eve.visitor.request({ url: '/activity/following' })).body).not.toContain('Fay was here');
    expect((await guest().request({ url: `/u/${fay.member.handle}` })).body).toContain('0 followers');
  });

  it('follows through the API (JavaScript on): PUT, GET, DELETE, refusing oneself and unknown handles', async () => {
    const hal = await member({ displayName: 'Hal Api' });
    const ida = await member({ displayName: 'Ida Api' });
    const put = await hal.visitor.api('PUT', `/api/v1/me/following/${ida.member.handle}`);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ handle: ida.member.handle, displayName: 'Ida Api', following: true });
    expect((await hal.visitor.api('PUT', `/api/v1/me/following/${ida.member.handle}`)).statusCode).toBe(200);
    const list = (await hal.visitor.request({ url: '/api/v1/me/following' })).json() as { people: unknown[] };
    expect(list.people).toEqual([{ handle: ida.member.handle, displayName: 'Ida Api' }]);

    const self = await hal.visitor.api('PUT', `/api/v1/me/following/${hal.member.handle}`);
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ error: { message: expect.stringContaining('yourself') } });
    expect((await hal.visitor.api('PUT', '/api/v1/me/following/nobody-here')).statusCode).toBe(404);
    expect((await guest().request({ method: 'GET', url: '/api/v1/me/following' })).statusCode).toBe(401);
    const noCsrf = await hal.visitor.request({ method: 'DELETE', url: `/api/v1/me/following/${ida.member.handle}` });
    expect(noCsrf.statusCode).toBe(403);

    const del = await hal.visitor.api('DELETE', `/api/v1/me/following/${ida.member.handle}`);
    expect(del.json()).toMatchObject({ following: false });
    expect(
      ((await hal.visitor.request({ url: '/api/v1/me/following' })).json() as { people: unknown[] }).people,
    ).toEqual([]);
  });

  it('has a valid Atom feed', async () => {
    const feedXml = await guest().request({ url: '/activity.xml' });
    expect(feedXml.statusCode).toBe(200);
    expect(feedXml.headers['content-type']).toContain('application/atom+xml');
    expect(feedXml.body).toContain('<entry>');
    if (xmllint) {
      expect(xmllintErrors(feedXml.body, ATOM_XSD)).toBe('');
      expect(xmllintErrors('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', ATOM_XSD)).not.toBe('');
    }
  });

  it('renders every XSS payload inert in names, notes and reviews, on the page and in the feed', async () => {
    const payloadName = '<script>alert("name")</script>';
    const jo = await member({ displayName: payloadName });
    for (const [i, p] of PAYLOADS.entries()) {
      const film = ['alpha-film', 'beta-film', 'gamma-film'][i % 3];
      await jo.visitor.form(`/film/${film}/log`, { date: '2026-12-04', note: p.slice(0, 500), visibility: 'public' });
    }
    await jo.visitor.form('/film/delta-film/review', { body: PAYLOADS.join('\n\n').slice(0, 19_000) });
    await approveReviewsOf(jo.member.handle);
    let html = '';
    let before = '';
    for (let i = 0; i < 10; i++) {
      const body = (await guest().request({ url: `/activity${before}` })).body;
      html += body;
      const next = /href="\/activity\?before=(\d+)"/.exec(body);
      if (!next) break;
      before = `?before=${next[1]}`;
    }
    const items = html
      .split('<ol class="activity">')
      .slice(1)
      .map((part) => part.slice(0, part.indexOf('</ol>')))
      .join('');
    expect(items).toContain('&lt;script>alert(&quot;name&quot;)&lt;/script>');
    expect(items).not.toMatch(/<(script|img|svg|iframe|object|embed|style|math|body|form)\b/i);
    expect(items).not.toMatch(/<[^>]+\son\w+=/i);
    expect(items).not.toMatch(/href="javascript/i);
    const atom = (await guest().request({ url: '/activity.xml' })).body;
    if (xmllint) expect(xmllintErrors(atom, ATOM_XSD)).toBe('');
    expect(atom).not.toContain('<script');
  });

  it('shows a new public list, not a private one, follows a rename and drops a deleted list', async () => {
    const mia = await member({ displayName: 'Mia Lister' });
    const make = (title: string, visibility: string) =>
      mia.visitor.form('/my/lists', { title, description: '', visibility });
    expect((await make('Rainy Sunday Picks', 'public')).statusCode).toBe(303);
    expect((await make('Secret Guilty Pleasures', 'private')).statusCode).toBe(303);
    let page = await feed();
    expect(page).toContain('made a list: Rainy Sunday Picks');
    expect(page).not.toContain('Secret Guilty Pleasures');

    const idOf = async (title: string) =>
      (await t.t.db.selectFrom('lists').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
    const rainy = await idOf('Rainy Sunday Picks');
    const edit = (id: number, title: string, visibility: string) =>
      mia.visitor.form(`/my/lists/${id}`, { title, description: '', visibility });
    expect((await edit(rainy, 'Stormy Sunday Picks', 'public')).statusCode).toBe(303);
    page = await feed();
    expect(page).toContain('made a list: Stormy Sunday Picks');
    expect(page).toContain(`/u/${mia.member.handle}/list/stormy-sunday-picks`);
    expect(page).not.toContain('Rainy Sunday Picks');
    // Made unlisted it leaves; the private one made public arrives.
    expect((await edit(rainy, 'Stormy Sunday Picks', 'unlisted')).statusCode).toBe(303);
    expect((await edit(await idOf('Secret Guilty Pleasures'), 'Open Guilty Pleasures', 'public')).statusCode).toBe(303);
    page = await feed();
    expect(page).not.toContain('Stormy Sunday Picks');
    expect(page).toContain('made a list: Open Guilty Pleasures');

    expect((await mia.visitor.form(`/my/lists/${await idOf('Open Guilty Pleasures')}/delete`, {})).statusCode).toBe(
      303,
    );
    expect(await feed()).not.toContain('Open Guilty Pleasures');
  });

  it('erases a deleted member’s activity and follows', async () => {
    const kim = await member({ displayName: 'Kim Leaving', password: 'a long enough member password' });
    const lou = await member({ displayName: 'Lou Staying' });
    await kim.visitor.form('/film/alpha-film/rating', { stars: '5' });
    await lou.visitor.api('PUT', `/api/v1/me/following/${kim.member.handle}`);
    expect(await feed()).toContain('Kim Leaving');
    const settings = await kim.visitor.request({ url: '/settings' });
    kim.visitor.csrfToken = csrfIn(settings.body);
    const deleted = await kim.visitor.form('/settings/delete', {
      mode: 'anonymise',
      delete_password: 'a long enough member password',
    });
    expect(deleted.statusCode).toBe(303);
    expect(await feed()).not.toContain('Kim Leaving');
    const rows = await t.t.db
      .selectFrom('member_follows')
      .select('follower_id')
      .where('followed_id', '=', kim.member.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
