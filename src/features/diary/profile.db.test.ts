import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const NOW = new Date('2026-12-05T12:00:00Z');

describeEachDialect('profiles', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { engagement: { ...testConfig().engagement, writesPerVisitorPerMinute: 10_000, writesPerIpPerMinute: 10_000 } },
      { clock: new TestClock(NOW) },
    );
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Alpha', genres: ['Drama', 'Crime'], directors: ['Ann Director'] }),
      buildFilm({ title: 'Beta', genres: ['Drama'], directors: ['Ann Director'] }),
      buildFilm({ title: 'Gamma', genres: ['Comedy'], directors: ['Bo Director'] }),
      buildFilm({ title: 'Delta', genres: ['Horror'], directors: ['Cy Director'] }),
    ]);
  });
  afterAll(async () => t.close());

  const stranger = () => new TestVisitor(t.app, '198.51.100.40');

  it('computes the stats from a seeded diary: films, this year, ratings by half-star, top genres and directors', async () => {
    const ann = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.30' });
    const log = (film: string, date: string, stars?: number, visibility = 'public') =>
      ann.visitor.api('POST', '/api/v1/me/diary', { film, date, stars, visibility });
    await log('alpha', '2025-06-01', 4);
    await log('alpha', '2026-02-01', 4.5); // a rewatch: one film, one vote (now 4.5)
    await log('beta', '2026-03-01', 3);
    await log('gamma', '2026-04-01', 0.5);
    await log('delta', '2026-05-01', undefined, 'private'); // not counted on the public profile
    await ann.visitor.api('POST', '/api/v1/films/delta/like');

    const api = await stranger().request({ url: `/api/v1/users/${ann.member.handle}` });
    expect(api.statusCode).toBe(200);
    const { stats } = api.json() as { stats: Record<string, unknown> };
    expect(stats.filmsWatched).toBe(3);
    expect(stats.thisYear).toBe(3);
    expect(stats.ratings).toBe(3);
    expect(stats.averageStars).toBe(2.7); // (4.5 + 3 + 0.5) / 3
    expect(stats.histogram).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1, 0]);
    expect(stats.topGenres).toEqual([
      { slug: 'drama', name: 'Drama', films: 2 },
      { slug: 'comedy', name: 'Comedy', films: 1 },
      { slug: 'crime', name: 'Crime', films: 1 },
    ]);
    expect((stats.topDirectors as Array<{ name: string; films: number }>)[0]).toMatchObject({
      name: 'Ann Director',
      films: 2,
    });

    const page = await stranger().request({ url: `/u/${ann.member.handle}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>');
    expect(page.body).toContain('"@type":"ProfilePage"');
    expect(page.body).toContain('"mainEntity":{"@type":"Person"');
    expect(page.body).toContain(`href="/u/${ann.member.handle}/reviews.xml"`);
    expect(page.body).toContain('data-slot="recent-reviews"');
    expect(page.body).toContain('Likes (1)');
    expect(page.body).not.toContain('Your whole diary');
    // The owner gets the same cached page with their own links.
    const own = await ann.visitor.request({ url: `/u/${ann.member.handle}` });
    expect(own.headers['x-page-cache']).toBe('hit');
    expect(own.body).toContain('Your whole diary');
  });

  it('shows the watchlist only when the member made it public', async () => {
    const bob = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.31' });
    const cleo = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.32' });
    await t.t.db.updateTable('members').set({ watchlist_public: 1 }).where('id', '=', cleo.member.id).execute();
    for (const who of [bob, cleo]) await who.visitor.api('PUT', '/api/v1/me/watchlist/gamma');
    const bobPage = await stranger().request({ url: `/u/${bob.member.handle}` });
    expect(bobPage.body).not.toContain('Watchlist (');
    expect(bobPage.body).not.toContain('/film/gamma');
    const cleoPage = await stranger().request({ url: `/u/${cleo.member.handle}` });
    expect(cleoPage.body).toContain('Watchlist (1)');
    expect(cleoPage.body).toContain('/film/gamma');
    // Bob still has his list, one click from his profile.
    expect((await bob.visitor.request({ url: '/me/watchlist' })).body).toContain('Gamma');
  });

  it('keeps a private profile to its owner and hides suspended members from everyone', async () => {
    const dee = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.33' });
    await t.t.db.updateTable('members').set({ profile_public: 0 }).where('id', '=', dee.member.id).execute();
    for (const url of [
      `/u/${dee.member.handle}`,
      `/u/${dee.member.handle}/diary`,
      `/api/v1/users/${dee.member.handle}`,
    ]) {
      const other = await stranger().request({ url });
      expect(other.statusCode, url).toBe(404);
      expect(other.body).toContain('it does not exist, or it is private');
    }
    const own = await dee.visitor.request({ url: `/u/${dee.member.handle}` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('only you can see this page');
    expect(own.headers['x-page-cache']).toBeUndefined();
    // Never stored: a stranger after the owner still gets the 404.
    expect((await stranger().request({ url: `/u/${dee.member.handle}` })).statusCode).toBe(404);

    const eve = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.34' });
    await t.t.db
      .updateTable('members')
      .set({ suspended_at: NOW.toISOString() })
      .where('id', '=', eve.member.id)
      .execute();
    expect((await stranger().request({ url: `/u/${eve.member.handle}` })).statusCode).toBe(404);
    expect((await stranger().request({ url: `/api/v1/users/${eve.member.handle}/diary` })).statusCode).toBe(404);
    expect((await stranger().request({ url: '/u/nobody-here' })).statusCode).toBe(404);
  });
});
