import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { ROOT } from '../../../test/support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { purgeUnconfirmedMembers } from './index.js';

const PASSWORD = 'a long enough member password';
const XSS = fs
  .readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

/** Recovery, password change, suspension, deletion, export, purge and hostile text: an account over its life. */
describeEachDialect('member accounts', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());
  beforeEach(async () => {
    smtp.arrivals.length = 0;
    clock = new TestClock(new Date('2026-12-05T12:00:00Z'));
    t = await createTestApp(
      dialect,
      { mail: { smtpUrl: smtp.url, from: 'Reelhouse <noreply@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 })]);
  });
  afterEach(async () => t.close());

  const member = (overrides = {}, ip?: string) =>
    signedInMember(t, { password: PASSWORD, ...overrides }, { now: clock.now(), ...(ip ? { ip } : {}) });

  /** A second browser holding the same session cookie (a stolen cookie, or the member's other device). */
  const sameSession = (cookie: string, ip = '198.51.100.77') => {
    const v = new TestVisitor(t.app, ip);
    v.setCookie('rh_member', cookie);
    return v;
  };

  const isSignedIn = async (v: TestVisitor) => (await v.request({ url: '/settings' })).statusCode === 200;

  async function postForm(v: TestVisitor, page: string, url: string, fields: Record<string, string>) {
    v.csrfToken = csrfOf((await v.request({ url: page })).body);
    return v.form(url, fields);
  }

  async function signIn(email: string, password = PASSWORD) {
    const v = new TestVisitor(t.app, '198.51.100.60');
    return { v, answer: await postForm(v, '/login', '/login', { email, password }) };
  }

  async function approvedComment(visitorId: string, body: string) {
    const film = await t.t.db.selectFrom('films').select('id').executeTakeFirstOrThrow();
    const now = clock.now().toISOString();
    await t.t.db
      .insertInto('comments')
      .values({
        film_id: film.id,
        parent_id: null,
        author_name: 'Dana',
        author_email: 'dana@example.org',
        author_url: null,
        body,
        status: 'approved',
        reasons: '[]',
        spam_score: null,
        body_hash: `hash-${body}`,
        visitor_id: visitorId,
        ip_hash: null,
        user_agent: null,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
      })
      .execute();
  }

  it('a reset link works once, within an hour, and ends every session', async () => {
    const m = await member();
    const other = sameSession(m.cookies.rh_member!);
    expect(await isSignedIn(other)).toBe(true);
    const forgot = new TestVisitor(t.app, '198.51.100.61');
    expect((await postForm(forgot, '/login/forgot', '/login/forgot', { email: m.member.email })).statusCode).toBe(200);
    expect((await postForm(forgot, '/login/forgot', '/login/forgot', { email: 'nobody@example.org' })).statusCode).toBe(
      200,
    );
    await t.app.mail.runOutboxOnce();
    expect(smtp.arrivals).toHaveLength(1);
    const link = /http:\/\/reelhouse\.test(\/login\/reset\/[A-Za-z0-9_-]+)/.exec(
      smtp.arrivals[0]?.mail.text ?? '',
    )?.[1];
    const reset = await postForm(forgot, link!, link!, { password: 'a brand new member password' });
    expect(reset.statusCode).toBe(303);
    expect(await isSignedIn(other)).toBe(false);
    expect(await isSignedIn(m.visitor)).toBe(false);
    expect((await forgot.request({ url: link! })).statusCode).toBe(404);
    expect((await signIn(m.member.email)).answer.statusCode).toBe(401);
    expect((await signIn(m.member.email, 'a brand new member password')).answer.statusCode).toBe(303);

    // A link older than an hour is refused.
    await postForm(forgot, '/login/forgot', '/login/forgot', { email: m.member.email });
    await t.app.mail.runOutboxOnce();
    const late = /http:\/\/reelhouse\.test(\/login\/reset\/[A-Za-z0-9_-]+)/.exec(
      smtp.arrivals[1]?.mail.text ?? '',
    )?.[1];
    clock.advance(61 * 60_000);
    expect((await forgot.request({ url: late! })).statusCode).toBe(404);
  });

  it('changing the password ends every other session: an old cookie stops working at once', async () => {
    const m = await member();
    const stolen = sameSession(m.cookies.rh_member!);
    expect(await isSignedIn(stolen)).toBe(true);
    const changed = await postForm(m.visitor, '/settings', '/settings/password', {
      current_password: PASSWORD,
      new_password: 'another long member password',
    });
    expect(changed.statusCode).toBe(303);
    expect(await isSignedIn(stolen)).toBe(false);
    expect(await isSignedIn(m.visitor)).toBe(true);
    const wrong = await postForm(m.visitor, '/settings', '/settings/password', {
      current_password: 'not my password at all',
      new_password: 'yet another long password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('that is not your current password');
  });

  it('log out everywhere signs out this browser and the others', async () => {
    const m = await member();
    const other = sameSession(m.cookies.rh_member!);
    expect(await isSignedIn(other)).toBe(true);
    const out = await postForm(m.visitor, '/settings', '/settings/logout-everywhere', {});
    expect(out.statusCode).toBe(303);
    expect(await isSignedIn(m.visitor)).toBe(false);
    expect(await isSignedIn(other)).toBe(false);
  });

  it('a suspended member is signed out, cannot sign in, and their comments leave public pages until restored', async () => {
    const m = await member();
    await approvedComment(m.member.visitorId, 'A comment by a soon suspended member.');
    expect((await t.app.inject({ url: '/film/heat' })).body).toContain('A comment by a soon suspended member.');
    await createStaff(t, clock.now());
    const mod = await logIn(t, MODERATOR, '198.51.100.90');
    const list = await mod.request({ url: `/admin/members?q=${m.member.handle.toUpperCase()}` });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`@${m.member.handle}`);
    mod.csrfToken = csrfOf(list.body);
    expect((await mod.form(`/admin/members/${m.member.id}/suspend`, {})).statusCode).toBe(303);

    expect((await t.app.inject({ url: '/film/heat' })).body).not.toContain('A comment by a soon suspended member.');
    expect(await isSignedIn(m.visitor)).toBe(false);
    const refused = await signIn(m.member.email);
    expect(refused.answer.statusCode).toBe(403);
    expect(refused.answer.body).toContain('suspended');
    const audit = await t.t.db.selectFrom('audit_log').select('action').where('action', 'like', 'member.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['member.suspend']);

    mod.csrfToken = csrfOf((await mod.request({ url: '/admin/members' })).body);
    expect((await mod.form(`/admin/members/${m.member.id}/restore`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/film/heat' })).body).toContain('A comment by a soon suspended member.');
    expect((await signIn(m.member.email)).answer.statusCode).toBe(303);
    // A member is not staff: their session opens no admin page.
    expect((await m.visitor.request({ url: '/admin/members' })).statusCode).toBe(303);
  });

  it('deleting the account: anonymise keeps the content as “Deleted member”, delete removes it', async () => {
    const keep = await member();
    await keep.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 4 });
    await approvedComment(keep.member.visitorId, 'Kept after I leave.');
    const gone = await member({}, '198.51.100.62');
    await gone.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 1 });
    await approvedComment(gone.member.visitorId, 'Removed when I leave.');
    // Both like a site list: the like of the one who deletes everything goes with them, the other stays a guest's.
    const stamp = clock.now().toISOString();
    const picks = await t.t.db
      .insertInto('lists')
      .values({
        ...{ member_id: null, owner_key: 'site', slug: 'picks', title: 'Picks', description: '', ranked: 0 },
        ...{ visibility: 'public', entry_count: 0, like_count: 0, created_at: stamp, updated_at: stamp },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const m of [keep, gone])
      expect((await postForm(m.visitor, '/lists/picks', `/lists/${picks.id}/like`, { liked: '1' })).statusCode).toBe(
        303,
      );

    const wrong = await postForm(keep.visitor, '/settings', '/settings/delete', {
      mode: 'anonymise',
      delete_password: 'nope',
    });
    expect(wrong.statusCode).toBe(400);
    const a = await postForm(keep.visitor, '/settings', '/settings/delete', {
      mode: 'anonymise',
      delete_password: PASSWORD,
    });
    expect(a.statusCode).toBe(303);
    const d = await postForm(gone.visitor, '/settings', '/settings/delete', {
      mode: 'delete',
      delete_password: PASSWORD,
    });
    expect(d.statusCode).toBe(303);

    expect(await t.t.db.selectFrom('members').select('id').execute()).toHaveLength(0);
    const page = (await t.app.inject({ url: '/film/heat' })).body;
    expect(page).toContain('Kept after I leave.');
    expect(page).toContain('Deleted member');
    expect(page).not.toContain('Removed when I leave.');
    const stats = await t.t.db.selectFrom('film_rating_stats').selectAll().executeTakeFirstOrThrow();
    expect([stats.vote_count, stats.score_sum]).toEqual([1, 8]);
    expect(await t.t.db.selectFrom('list_likes').select('visitor_id').execute()).toEqual([
      { visitor_id: keep.member.visitorId },
    ]);
    expect((await t.app.inject({ url: '/lists/picks' })).body).toContain('<span>1 like</span>');
    expect(await isSignedIn(keep.visitor)).toBe(false);
  });

  it('exports my data as JSON and CSV, without the password hash', async () => {
    const m = await member({ displayName: 'Quote "me", =SUM(A1)' });
    await m.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 3.5 });
    const json = await m.visitor.request({ url: '/settings/export.json' });
    expect(json.statusCode).toBe(200);
    const data = json.json() as { account: { handle: string }; ratings: Array<{ film: string; stars: number }> };
    expect(data.account.handle).toBe(m.member.handle);
    expect(data.ratings).toEqual([expect.objectContaining({ film: 'heat', stars: 3.5 })]);
    expect(json.body).not.toContain('argon2');
    const csv = await m.visitor.request({ url: '/settings/export.csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('rating,heat,3.5,');
    expect(csv.body).toContain('"Quote ""me"", =SUM(A1)');
    expect((await new TestVisitor(t.app).request({ url: '/settings/export.json' })).statusCode).toBe(303);
  });

  it('the export lists my API tokens (never their secret) and my history imports', async () => {
    const m = await member();
    const created = await postForm(m.visitor, '/settings/tokens', '/settings/tokens', {
      name: 'Phone app',
      scope: 'read',
    });
    const token = await t.t.db.selectFrom('member_api_tokens').selectAll().executeTakeFirstOrThrow();
    const secret = new RegExp(`${token.prefix}[A-Za-z0-9_-]{8,}`).exec(created.body)?.[0];
    expect(secret).toBeDefined();
    const now = clock.now().toISOString();
    await t.t.db
      .insertInto('member_import_jobs')
      .values({
        ...{ member_id: m.member.id, status: 'done', filename: 'letterboxd.zip', bytes: 900, processed: 3, total: 3 },
        ...{ report: null, error: null, created_at: now, updated_at: now },
      })
      .execute();
    await t.t.db
      .insertInto('imported_history_items')
      .values({ member_id: m.member.id, item_key: 'like:1', imported_at: now })
      .execute();
    const json = await m.visitor.request({ url: '/settings/export.json' });
    const data = json.json() as {
      apiTokens: Array<{ name: string; scope: string; createdAt: string; lastUsedAt: string | null }>;
      historyImports: Array<{ filename: string; status: string }>;
      importedHistoryRows: Array<{ key: string }>;
    };
    expect(data.apiTokens).toEqual([expect.objectContaining({ name: 'Phone app', scope: 'read', lastUsedAt: null })]);
    expect(data.historyImports).toEqual([expect.objectContaining({ filename: 'letterboxd.zip', status: 'done' })]);
    expect(data.importedHistoryRows).toEqual([expect.objectContaining({ key: 'like:1' })]);
    const csv = (await m.visitor.request({ url: '/settings/export.csv' })).body;
    expect(csv).toContain('api-token,,read ');
    expect(csv).toContain('history-import,,done 3/3,');
    for (const body of [json.body, csv]) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain(token.token_hash);
    }
  });

  it('unconfirmed accounts are purged after 7 days; confirmed ones stay', async () => {
    const v = new TestVisitor(t.app, '198.51.100.63');
    await postForm(v, '/join', '/join', {
      email: 'late@example.org',
      password: PASSWORD,
      display_name: 'Late',
      handle: 'late',
    });
    await member();
    const writer = createWriter(t.t.db, { invalidate: () => {}, effectFailed: () => {} });
    clock.advance(6 * 24 * 3600_000);
    expect(await purgeUnconfirmedMembers({ db: t.t.db, writer }, clock.now())).toBe(0);
    clock.advance(24 * 3600_000 + 60_000);
    expect(await purgeUnconfirmedMembers({ db: t.t.db, writer }, clock.now())).toBe(1);
    const left = await t.t.db.selectFrom('members').select('handle').execute();
    expect(left.map((r) => r.handle)).not.toContain('late');
    expect(left).toHaveLength(1);
  });

  it('escapes hostile text in names and bios, and refuses it in handles', async () => {
    const m = await member();
    for (const payload of XSS) {
      const name = [...payload].slice(0, 60).join('');
      const saved = await postForm(m.visitor, '/settings', '/settings/profile', { display_name: name, bio: payload });
      if (name.trim() === '') continue;
      expect(saved.statusCode, payload).toBe(303);
      const page = (await m.visitor.request({ url: '/settings' })).body;
      if (/[<>"]/.test(name.trim())) expect(page, payload).not.toContain(name.trim());
      if (/[<>"]/.test(payload.trim())) expect(page, payload).not.toContain(payload.trim());
      const joined = await postForm(new TestVisitor(t.app), '/join', '/join', {
        email: 'x@example.org',
        password: PASSWORD,
        display_name: 'X',
        handle: payload,
      });
      expect(joined.statusCode, payload).toBe(400);
    }
  });

  it('/privacy says what an account stores; the admin’s commenter export and erase cover the account', async () => {
    const privacy = await t.app.inject({ url: '/privacy' });
    expect(privacy.body).toContain('If you have an account');
    expect(privacy.body).toContain('argon2id');
    // Every kind of thing a member can leave here has its section, with who sees it and what happens when they leave.
    for (const heading of [
      'If you make, like or comment on lists',
      'Following and the activity feed',
      'If you import your history from Letterboxd, IMDb or Trakt',
    ])
      expect(privacy.body).toContain(heading);
    expect(privacy.body).toContain('a private one to you alone');
    expect(privacy.body).toContain('import jobs and imported-row keys are deleted with your account');
    const m = await member();
    await createStaff(t, clock.now());
    const admin = await logIn(t, ADMIN, '198.51.100.91');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/privacy' })).body);
    const exported = await admin.form('/admin/privacy/export', { email: m.member.email.toUpperCase() });
    expect(exported.statusCode).toBe(200);
    expect((exported.json() as { member: { handle: string } }).member.handle).toBe(m.member.handle);
    const erased = await admin.form('/admin/privacy/erase', { email: m.member.email, mode: 'delete' });
    expect(erased.statusCode).toBe(303);
    expect(await t.t.db.selectFrom('members').select('id').execute()).toHaveLength(0);
  });

  it('changes the address only once the link mailed to the new one is followed', async () => {
    const m = await member();
    const asked = await postForm(m.visitor, '/settings', '/settings/email', {
      new_email: 'New.Address@example.org',
      password: PASSWORD,
    });
    expect(asked.statusCode).toBe(303);
    const still = await t.t.db.selectFrom('members').select('email').executeTakeFirstOrThrow();
    expect(still.email).toBe(m.member.email);
    await t.app.mail.runOutboxOnce();
    expect(smtp.arrivals.map((a) => a.envelope.to[0]?.toLowerCase())).toEqual(['new.address@example.org']);
    const link = /http:\/\/reelhouse\.test(\/settings\/email\/[A-Za-z0-9_-]+)/.exec(
      smtp.arrivals[0]?.mail.text ?? '',
    )?.[1];
    expect((await postForm(m.visitor, link!, link!, {})).statusCode).toBe(303);
    const changed = await t.t.db.selectFrom('members').select(['email', 'email_key']).executeTakeFirstOrThrow();
    expect(changed).toEqual({ email: 'New.Address@example.org', email_key: 'new.address@example.org' });
    expect((await m.visitor.request({ url: link! })).statusCode).toBe(404);
    expect((await signIn('new.address@example.org')).answer.statusCode).toBe(303);
  });
});
