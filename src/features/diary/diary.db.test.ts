import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const PAYLOADS = fs
  .readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

describeEachDialect('diary', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { engagement: { ...testConfig().engagement, writesPerVisitorPerMinute: 10_000, writesPerIpPerMinute: 10_000 } },
      { clock: new TestClock(NOW) },
    );
    await insertFilms(t.t.db, [buildFilm({ title: 'Logged Film' }), buildFilm({ title: 'Secret Film' })]);
  });
  afterAll(async () => t.close());

  const filmId = async (slug: string) =>
    (await t.t.db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const votesOn = async (slug: string) =>
    t.t.db
      .selectFrom('film_votes')
      .select(['visitor_id', 'score'])
      .where('film_id', '=', await filmId(slug))
      .execute();
  const statsOf = async (slug: string) =>
    t.t.db
      .selectFrom('film_rating_stats')
      .select(['vote_count', 'score_sum'])
      .where('film_id', '=', await filmId(slug))
      .executeTakeFirst();

  it('a viewing with a rating casts the member’s one vote, and a later one updates it and the aggregates', async () => {
    const ann = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.10' });
    const form = await ann.visitor.form('/film/logged-film/log', { date: '2026-12-01', stars: '4', note: 'Loved it' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe('/film/logged-film');
    expect(await votesOn('logged-film')).toEqual([{ visitor_id: ann.member.visitorId, score: 8 }]);
    expect(await statsOf('logged-film')).toEqual({ vote_count: 1, score_sum: 8 });

    const api = await ann.visitor.api('POST', '/api/v1/me/diary', {
      film: 'logged-film',
      date: '2026-12-04',
      stars: 2.5,
      rewatch: true,
    });
    expect(api.statusCode).toBe(201);
    expect(api.json()).toMatchObject({ film: { slug: 'logged-film' }, date: '2026-12-04', stars: 2.5, rewatch: true });
    expect(await votesOn('logged-film')).toEqual([{ visitor_id: ann.member.visitorId, score: 5 }]);
    expect(await statsOf('logged-film')).toEqual({ vote_count: 1, score_sum: 5 });

    // The film page (a fresh render after the vote) shows the member's own stars from the same vote.
    const page = await ann.visitor.request({ url: '/film/logged-film' });
    expect(page.body).toContain('<strong class="rating__average">2.5</strong>');
    expect(page.body).toContain('(1 vote)');
    const diary = (await ann.visitor.request({ url: '/api/v1/me/diary' })).json() as { total: number };
    expect(diary.total).toBe(2);

    // Editing the rating of an entry moves the vote too; deleting an entry leaves the vote.
    const id = (api.json() as { id: number }).id;
    const patched = await ann.visitor.request({
      method: 'PATCH',
      url: `/api/v1/me/diary/${id}`,
      headers: { 'x-csrf-token': ann.visitor.csrfToken, 'content-type': 'application/json' },
      payload: JSON.stringify({ stars: 5 }),
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ stars: 5, date: '2026-12-04', rewatch: true });
    expect(await statsOf('logged-film')).toEqual({ vote_count: 1, score_sum: 10 });
    expect((await ann.visitor.api('DELETE', `/api/v1/me/diary/${id}`)).statusCode).toBe(204);
    expect((await ann.visitor.api('DELETE', `/api/v1/me/diary/${id}`)).statusCode).toBe(404);
    expect(await votesOn('logged-film')).toHaveLength(1);
  });

  it('refuses bad dates, ratings and notes naming the field, and keeps what was typed', async () => {
    const bob = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.11' });
    const impossible = await bob.visitor.form('/film/logged-film/log', { date: '2026-13-40', note: 'kept text' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('date: use a real day');
    expect(impossible.body).toContain('kept text');
    const feb30 = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', date: '2026-02-30' });
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json()).toMatchObject({ error: { code: 'invalid_field', fields: { date: expect.any(String) } } });
    // Tomorrow is allowed (it already is tomorrow somewhere); the day after is not.
    const tomorrow = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', date: '2026-12-06' });
    expect(tomorrow.statusCode).toBe(201);
    const future = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', date: '2026-12-07' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('date: a viewing cannot be later than 2026-12-06');
    const stars = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', stars: 4.2 });
    expect(stars.json().error.message).toMatch(/^stars: /);
    const long = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', note: 'x'.repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/^note: use at most 500 characters/);
    const noFilm = await bob.visitor.api('POST', '/api/v1/me/diary', { date: '2026-12-01' });
    expect(noFilm.json().error.message).toMatch(/^film: /);
    // Only the one good entry was stored; the default date is today (UTC).
    const stored = (await bob.visitor.request({ url: '/api/v1/me/diary' })).json() as { total: number };
    expect(stored.total).toBe(1);
    const today = await bob.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film' });
    expect(today.json()).toMatchObject({ date: '2026-12-05', stars: null, visibility: 'public' });
  });

  it('never shows private entries on public pages or the public API; the owner sees them on /me/diary', async () => {
    const cleo = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.12' });
    const handle = cleo.member.handle;
    await cleo.visitor.form('/film/secret-film/log', {
      date: '2026-12-02',
      note: 'hidden note',
      visibility: 'private',
    });
    await cleo.visitor.form('/film/logged-film/log', { date: '2026-11-20', note: 'open note' });
    const stranger = new TestVisitor(t.app, '198.51.100.13');
    for (const url of [`/u/${handle}`, `/u/${handle}/diary`, `/api/v1/users/${handle}/diary`]) {
      for (const who of [stranger, cleo.visitor]) {
        const body = (await who.request({ url })).body;
        expect(body, url).toContain('open note');
        expect(body, url).not.toContain('hidden note');
        expect(body, url).not.toContain('Secret Film');
      }
    }
    const own = await cleo.visitor.request({ url: '/me/diary' });
    expect(own.body).toContain('hidden note');
    expect(own.body).toContain('November 2026');
    expect(own.body).toContain('December 2026');
    expect((await stranger.request({ url: '/me/diary' })).statusCode).toBe(303);
  });

  it('shows notes from the XSS corpus as text on every page and in the API', async () => {
    const dee = await signedInMember(t, {}, { now: NOW, ip: '198.51.100.14' });
    for (const note of PAYLOADS) {
      const r = await dee.visitor.api('POST', '/api/v1/me/diary', { film: 'logged-film', date: '2026-12-03', note });
      expect(r.statusCode, note).toBe(201);
      expect((r.json() as { note: string }).note).toBe(note.trim());
    }
    const pages = [
      `/u/${dee.member.handle}/diary`,
      `/u/${dee.member.handle}/diary?page=2`,
      '/me/diary',
      '/me/diary?page=2',
      `/u/${dee.member.handle}`,
    ];
    for (const url of pages) {
      const body = (await dee.visitor.request({ url })).body;
      for (const payload of PAYLOADS.filter((p) => p.includes('<')))
        expect(body, `${url}: ${payload}`).not.toContain(payload.trim());
      const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
      expect(main).not.toMatch(/<(script|img|svg|iframe|object|body|math|style|meta|link|base)\b/i);
    }
  });
});
