import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const ADD = 'Add to watchlist';
const LISTED = 'On your watchlist';
const GUEST = 'Sign in to keep a watchlist';

describeEachDialect('watchlist', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      engagement: { ...testConfig().engagement, writesPerVisitorPerMinute: 10_000, writesPerIpPerMinute: 10_000 },
    });
    await insertFilms(t.t.db, [buildFilm({ title: 'Watch Me' }), buildFilm({ title: 'Other Film' })]);
  });
  afterAll(async () => t.close());

  it('adds with JavaScript off (POST → 303 → flash) and the cached film page shows it to that member only', async () => {
    const ann = await signedInMember(t, {}, { ip: '198.51.100.1' });
    const bob = await signedInMember(t, {}, { ip: '198.51.100.2' });
    const guest = new TestVisitor(t.app, '198.51.100.3');
    // Rendered and stored first, by a guest.
    const first = await guest.request({ url: '/film/watch-me' });
    expect(first.body).toContain(GUEST);
    expect(first.body).not.toContain(ADD);

    const posted = await ann.visitor.form('/film/watch-me/watchlist', { listed: '1', back: '/film/watch-me' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/film/watch-me');
    const withFlash = await ann.visitor.request({ url: '/film/watch-me' });
    expect(withFlash.body).toContain('is on your watchlist');

    const annPage = await ann.visitor.request({ url: '/film/watch-me' });
    expect(annPage.headers['x-page-cache']).toBe('hit');
    expect(annPage.body).toContain(LISTED);
    expect(annPage.body).toMatch(/aria-pressed="true"[^>]*data-watchlist-button/);
    const bobPage = await bob.visitor.request({ url: '/film/watch-me' });
    expect(bobPage.headers['x-page-cache']).toBe('hit');
    expect(bobPage.body).toContain(ADD);
    expect(bobPage.body).not.toContain(LISTED);
    const guestPage = await guest.request({ url: '/film/watch-me' });
    expect(guestPage.body).toContain(GUEST);
    expect(guestPage.body).not.toContain(LISTED);
    expect((await ann.visitor.request({ url: '/film/other-film' })).body).toContain(ADD);
  });

  it('toggles with JavaScript on (fetch with the CSRF header) and the next cached page agrees', async () => {
    const cleo = await signedInMember(t, {}, { ip: '198.51.100.4' });
    await cleo.visitor.request({ url: '/film/watch-me' });
    const put = await cleo.visitor.api('PUT', '/api/v1/me/watchlist/watch-me');
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ film: 'watch-me', listed: true });
    expect((await cleo.visitor.api('PUT', '/api/v1/me/watchlist/watch-me')).json()).toEqual({
      film: 'watch-me',
      listed: true,
    });
    expect((await cleo.visitor.request({ url: '/film/watch-me' })).body).toContain(LISTED);
    const list = await cleo.visitor.request({ url: '/api/v1/me/watchlist' });
    expect(list.json()).toMatchObject({ total: 1, films: [{ slug: 'watch-me', title: 'Watch Me' }] });

    const removed = await cleo.visitor.api('DELETE', '/api/v1/me/watchlist/watch-me');
    expect(removed.json()).toEqual({ film: 'watch-me', listed: false });
    const after = await cleo.visitor.request({ url: '/film/watch-me' });
    expect(after.body).toContain(ADD);
    expect(after.body).not.toContain(LISTED);
  });

  it('refuses writes without CSRF or without an account, and unknown films', async () => {
    const dan = await signedInMember(t, {}, { ip: '198.51.100.5' });
    const noToken = await dan.visitor.request({ method: 'PUT', url: '/api/v1/me/watchlist/watch-me' });
    expect(noToken.statusCode).toBe(403);
    const guest = await TestVisitor.start(t.app, '198.51.100.6');
    const anonymous = await guest.api('PUT', '/api/v1/me/watchlist/watch-me');
    expect(anonymous.statusCode).toBe(401);
    expect((await guest.request({ url: '/api/v1/me/watchlist' })).statusCode).toBe(401);
    const form = await guest.form('/film/watch-me/watchlist', { listed: '1' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe('/login?next=%2Ffilm%2Fwatch-me');
    expect((await dan.visitor.api('PUT', '/api/v1/me/watchlist/no-such-film')).statusCode).toBe(404);
    const rows = await t.t.db.selectFrom('watchlist_items').select('member_id').execute();
    expect(rows.every((r) => r.member_id !== dan.member.id)).toBe(true);
  });
});
