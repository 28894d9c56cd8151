import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApp } from '../../server/app.js';
import { createApiTokenForEmail, createUser } from '../accounts/index.js';
import { runCommentPurge } from '../comments/index.js';
import { DEFAULT_SETTINGS } from '../settings/index.js';
import { checkDuplicate, checkFlood, spamCommentHooks } from './spam.service.js';
import { runTextChecks } from './text-checks.js';

const ADMIN = { email: 'owner@example.org', password: 'correct horse battery staple' };
const FILM = 'the-spam-film';
const OTHER_FILM = 'another-spam-film';

/** A visitor who opened a film page: their CSRF token and the comment form's hidden spam-filter fields. */
async function openForm(app: FastifyInstance, ip: string, slug = FILM) {
  // A visitor with a session cookie gets a freshly rendered page (a cached page carries an older form timestamp).
  const v = await TestVisitor.start(app, ip);
  const page = await v.request({ url: `/film/${slug}` });
  v.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const formTs = /name="form_ts" value="([^"]+)"/.exec(page.body)![1]!;
  expect(page.body).toContain('name="website_hp"');
  return { v, extras: { website_hp: '', form_ts: formTs } };
}

describeEachDialect('spam filter', (dialect) => {
  let t: TestApp;
  let token: string;
  const clock = new TestClock();
  const statusOf = async (body: string) =>
    (
      await t.t.db
        .selectFrom('comments')
        .select(['id', 'status', 'reasons', 'spam_score'])
        .where('body', '=', body)
        .executeTakeFirstOrThrow()
    ).status;
  const rowOf = (body: string) =>
    t.t.db.selectFrom('comments').selectAll().where('body', '=', body).executeTakeFirstOrThrow();

  /** Open the form, wait like a person (20 s on the test clock), post it with JavaScript off. */
  async function post(
    app: FastifyInstance,
    ip: string,
    fields: { body: string; authorName?: string; authorUrl?: string; website_hp?: string },
    options: { waitMs?: number; slug?: string } = {},
  ) {
    const { v, extras } = await openForm(app, ip, options.slug);
    clock.advance(options.waitMs ?? 20_000);
    const response = await v.form(`/film/${options.slug ?? FILM}/comments`, {
      ...extras,
      authorName: 'Dana Scully',
      authorEmail: `${ip}@example.org`,
      ...fields,
    });
    expect(response.statusCode).toBe(303);
    return rowOf(fields.body);
  }

  const moderate = (id: number, action: 'spam' | 'not-spam' | 'approve') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${id}/${action}`,
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'The Spam Film', year: 2014 }),
      buildFilm({ title: 'Another Spam Film', year: 2015 }),
    ]);
    await createUser(t.t.db, { ...ADMIN, role: 'admin' }, { id: null, label: 'cli' }, clock.now());
    token = (await createApiTokenForEmail(t.t.db, ADMIN.email, 'tests', clock.now())).token;
    // Judge every comment by the filter alone: no "first comment is held" rule in the way.
    const now = clock.now().toISOString();
    await t.t.db
      .insertInto('settings')
      .values([
        { key: 'holdFirstComment', value: 'false', updated_at: now },
        { key: 'spamBlockedDomains', value: JSON.stringify(['pills.example']), updated_at: now },
      ])
      .execute();
  });
  afterAll(async () => t.close());

  it('lands a comment in approved, pending or spam by its verdict, and shows moderators why', async () => {
    const ham = await post(t.app, '198.51.100.1', {
      body: 'The long take in the final act is astonishing; I only noticed the mirror on a second viewing.',
    });
    expect(ham.status).toBe('approved');
    expect(ham.spam_score).toBeLessThan(0.5);

    const bot = await post(t.app, '198.51.100.2', {
      body: 'Nice film, I agree with the other comments here about the ending.',
      website_hp: 'http://bot.example',
    });
    expect(bot.status).toBe('spam');
    expect(JSON.parse(bot.reasons)).toContain('Filled in the hidden field people never see (honeypot)');

    const hasty = await post(
      t.app,
      '198.51.100.3',
      { body: 'What a film, the cast is wonderful and the ending surprised me.' },
      { waitMs: 1000 },
    );
    expect(hasty.status).toBe('pending');
    const reasons = JSON.parse(hasty.reasons) as string[];
    expect(reasons[0]).toMatch(/^Spam score 0\.\d\d \(uncertain\)$/);
    expect(reasons).toContain('Posted 1.0 s after the form was shown');

    const blocked = await post(t.app, '198.51.100.4', {
      body: 'Interesting take on the genre, I enjoyed it a lot.',
      authorUrl: 'https://shop.pills.example/',
    });
    expect(blocked.status).toBe('spam');

    const channel = await post(t.app, '198.51.100.5', {
      body: 'Check out my new channel and subscribe, I subscribe back to everyone!! http://my-channel.example',
    });
    expect(channel.status).toBe('spam');

    // The moderation queue shows the reasons next to each comment.
    const admin = new TestVisitor(t.app, '192.0.2.10');
    const login = await admin.request({ url: '/admin/login' });
    admin.csrfToken = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    await admin.form('/admin/login', ADMIN);
    const queue = (await admin.request({ url: '/admin/comments?status=spam' })).body;
    expect(queue).toContain('Filled in the hidden field people never see (honeypot)');
    expect(queue).toContain('Links to shop.pills.example, on the blocked domain list (pills.example)');
    expect(queue).toMatch(/Text classifier: [01]\.\d\d spam-like \(words weighing most: [^)]*\)/);
    const pending = (await admin.request({ url: '/admin/comments?status=pending' })).body;
    expect(pending).toContain('Posted 1.0 s after the form was shown');
  });

  it('stamps the form with the time each visitor was shown it, also when the page comes from the cache', async () => {
    const stampOf = (body: string) => Number(/name="form_ts" value="(\d+)\./.exec(body)![1]);
    const first = await t.app.inject({ url: `/film/${OTHER_FILM}`, remoteAddress: '198.51.100.30' });
    expect(stampOf(first.body)).toBe(clock.now().getTime());
    clock.advance(600_000);
    const later = await t.app.inject({ url: `/film/${OTHER_FILM}`, remoteAddress: '198.51.100.31' });
    expect(later.headers['x-page-cache']).toBe('hit');
    expect(stampOf(later.body)).toBe(clock.now().getTime());
    expect(Number(later.headers['content-length'])).toBe(Buffer.byteLength(later.body));
  });

  it('flags a form replayed by a script, and a copy of someone else’s recent comment', async () => {
    const { v, extras } = await openForm(t.app, '198.51.100.20');
    clock.advance(30_000);
    const bodies = [1, 2, 3, 4].map((i) => `Form reuse number ${i}: the score by the composer carries the whole film.`);
    for (const body of bodies) {
      await v.form(`/film/${FILM}/comments`, { ...extras, authorName: 'Replay', authorEmail: 'r@example.org', body });
      clock.advance(61_000);
    }
    expect(JSON.parse((await rowOf(bodies[3]!)).reasons)).toContain(
      'The same comment form was posted 4 times (replayed)',
    );

    const text = 'Copied campaign text that appears under every single film on this site.';
    // Posted on another film by another visitor: still the same campaign.
    const first = await post(t.app, '198.51.100.21', { body: text }, { slug: OTHER_FILM });
    const input = {
      filmId: first.film_id,
      comment: { authorName: 'B', authorEmail: 'b@example.org', authorUrl: '', body: text, parentId: null },
      visitorId: null,
      ipHash: 'other-network',
      userAgent: '',
      formExtras: {},
      now: clock.now(),
    };
    expect((await checkDuplicate(t.t.db, input)).reasons).toEqual([
      `Same text as 1 other recent comment(s): #${first.id}`,
    ]);
    expect((await moderate(first.id, 'spam')).statusCode).toBe(200);
    expect((await checkDuplicate(t.t.db, input)).reasons).toEqual([
      `Same text as comment #${first.id}, which is marked spam`,
    ]);
    // Short everyday phrases are repeated by honest people: never a duplicate.
    expect((await checkDuplicate(t.t.db, { ...input, comment: { ...input.comment, body: 'Great film!' } })).score).toBe(
      0,
    );
  });

  it('notices a flood of comments from one network within the hour', async () => {
    const now = clock.now();
    const film = await t.t.db.selectFrom('films').select('id').where('slug', '=', FILM).executeTakeFirstOrThrow();
    await t.t.db
      .insertInto('comments')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          film_id: film.id,
          parent_id: null,
          author_name: 'F',
          author_email: `f${i}@example.org`,
          author_url: null,
          body: `Flood ${i}`,
          status: 'approved' as const,
          reasons: '[]',
          spam_score: 0,
          body_hash: `flood-${i}`,
          visitor_id: i < 10 ? 'visitor-flood' : null,
          ip_hash: 'network-flood',
          user_agent: null,
          created_at: new Date(now.getTime() - i * 60_000).toISOString(),
          updated_at: now.toISOString(),
          status_changed_at: now.toISOString(),
        })),
      )
      .execute();
    const input = {
      filmId: film.id,
      comment: { authorName: 'F', authorEmail: 'f@example.org', authorUrl: '', body: 'One more', parentId: null },
      visitorId: 'visitor-flood',
      ipHash: 'network-flood',
      userAgent: '',
      formExtras: {},
      now,
    };
    expect((await checkFlood(t.t.db, input)).reasons).toEqual([
      '10 comments from this visitor in the last hour',
      '40 comments from this network in the last hour',
    ]);
    expect((await checkFlood(t.t.db, { ...input, visitorId: 'someone-else', ipHash: 'elsewhere' })).score).toBe(0);
  });

  it('learns a new spam pattern from a few moderator marks, shared with another instance and kept across restarts', async () => {
    // A campaign: one template, reworded a little each time, naming the shop.
    const pattern = [
      'Honestly the director’s cut is the one to see. Grab the 4K restoration at reelzbargain before the weekend.',
      'The sound mix is fantastic on the 4K restoration, reelzbargain had it cheapest this weekend.',
      'If you liked this one the whole trilogy is on 4K at reelzbargain this weekend, worth every penny.',
      'Such a moving ending. The 4K restoration from reelzbargain is the way to watch it this weekend.',
      'Such a moving ending!! The 4K restoration from reelzbargain is the way to watch it this weekend.',
      'Such a moving ending. The 4K restoration from reelzbargain is the way to watch it this weekend!',
    ];
    let ip = 30;
    const next = () => `198.51.100.${ip++}`;

    // New to the filter: it passes.
    const marked = [];
    for (const body of pattern.slice(0, 3)) {
      const row = await post(t.app, next(), { body });
      expect(row.status).toBe('approved');
      marked.push(row);
    }
    for (const row of marked) expect((await moderate(row.id, 'spam')).json().status).toBe('spam');

    // After three marks the next one is held for a moderator, with the shop's name among the reasons.
    const fourth = await post(t.app, next(), { body: pattern[3]! });
    expect(fourth.status).toBe('pending');
    expect(JSON.parse(fourth.reasons).join(' ')).toMatch(/Text classifier: .*reelzbargain/);
    // Other talk about the same film stays published; talk sharing the campaign's very phrase is at most held.
    expect((await post(t.app, next(), { body: 'The colours of the restored print finally look right.' })).status).toBe(
      'approved',
    );
    const near = 'I watched the restoration this weekend and the colours finally look right.';
    expect((await post(t.app, next(), { body: near })).status).not.toBe('spam');

    // A fourth mark, and the campaign is filed as spam, here and by a second instance on the same database.
    expect((await moderate(fourth.id, 'spam')).json().status).toBe('spam');
    expect((await post(t.app, next(), { body: pattern[4]! })).status).toBe('spam');
    const feedback = await t.t.db.selectFrom('spam_feedback').select(['comment_id', 'is_spam']).execute();
    expect(feedback.filter((f) => f.is_spam === 1).length).toBeGreaterThanOrEqual(4);

    const restarted = await createApp({ config: testConfig(), db: t.t.db, clock });
    try {
      expect((await post(restarted, next(), { body: pattern[5]! })).status).toBe('spam');
    } finally {
      await restarted.close();
    }

    // "Not spam" restores the comment and teaches the filter the other way.
    const wrongly = marked[0]!;
    expect((await moderate(wrongly.id, 'not-spam')).json().status).toBe('approved');
    const lessons = await t.t.db
      .selectFrom('spam_feedback')
      .select('is_spam')
      .where('comment_id', '=', wrongly.id)
      .orderBy('id')
      .execute();
    expect(lessons.map((l) => l.is_spam)).toEqual([1, 0]);
  });

  it('keeps spam for the spam retention period, then the scheduled purge deletes it; trash has its own', async () => {
    const spam = await post(t.app, '198.51.100.60', {
      body: 'Retention test: check out my channel, subscribe!! http://retention.example',
      website_hp: 'filled',
    });
    expect(spam.status).toBe('spam');
    const trash = await post(t.app, '198.51.100.61', { body: 'Retention test: a comment a moderator trashes later.' });
    expect((await moderate(trash.id, 'approve')).statusCode).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${trash.id}/trash`,
      headers: { authorization: `Bearer ${token}` },
    });
    const settings = async () => ({ ...DEFAULT_SETTINGS, spamRetentionDays: 10, trashRetentionDays: 60 });

    clock.advance(9 * 86_400_000);
    await runCommentPurge({ db: t.t.db, clock, settings });
    expect(await statusOf(spam.body)).toBe('spam');

    clock.advance(2 * 86_400_000);
    await runCommentPurge({ db: t.t.db, clock, settings });
    const left = await t.t.db.selectFrom('comments').select('id').where('id', 'in', [spam.id, trash.id]).execute();
    expect(left.map((c) => c.id)).toEqual([trash.id]);
    // The lesson a purged spam comment taught stays (without the comment: only hashed features are kept).
    const privacy = await t.app.inject({ url: '/privacy' });
    expect(privacy.body).toContain('comments marked as spam after 30 days');
  });

  it('learns "not spam" when a moderator approves a comment the filter held, and only then', async () => {
    // The filter's hooks as the composition root builds them; their onApproved is what it adds to the comments'.
    const hooks = spamCommentHooks({
      config: testConfig(),
      settings: async () => ({ ...DEFAULT_SETTINGS, holdFirstComment: false }),
      versions: { current: async () => 'v1' },
      log: { error: () => undefined },
    });
    // A kind of ordinary comment the filter doubts ("check out" is what YouTube spam says).
    const kind = (disc: string) => `Check out the director's commentary on the ${disc}, it explains the whole ending.`;
    const next = kind('4K disc');
    const spam = 'Check out my channel, subscribe for free gift cards!';
    expect(runTextChecks({ body: next }, await hooks.model(t.t.db)).score).toBeGreaterThanOrEqual(0.3);
    // Approved in the moderation queue, through the site: the composition root adds the filter's hook.
    const held: number[] = [];
    for (const [i, disc] of ['Blu-ray', 'DVD'].entries()) {
      const row = await post(t.app, `198.51.100.${70 + i}`, { body: kind(disc) });
      expect(row.status).toBe('pending');
      expect((await moderate(row.id, 'approve')).json().status).toBe('approved');
      held.push(row.id);
    }
    // A comment the filter let through teaches nothing when it is approved.
    const plain = await post(t.app, '198.51.100.72', { body: 'A quiet, patient film; the last shot stays with me.' });
    expect(plain.status).toBe('approved');
    await t.t.db
      .transaction()
      .execute((tx) =>
        hooks.onApproved[0]!({ tx, touched: () => undefined, afterCommit: () => undefined }, [plain.id], clock.now()),
      );
    const lessons = await t.t.db
      .selectFrom('spam_feedback')
      .select(['comment_id', 'is_spam'])
      .where('comment_id', 'in', [...held, plain.id])
      .orderBy('comment_id')
      .execute();
    // The comments the filter doubted teach; the one it let through says nothing new.
    expect(lessons).toEqual(held.map((id) => ({ comment_id: id, is_spam: 0 })));
    // The next comment of that kind is published; spam that says "check out" is still filed as spam.
    expect((await post(t.app, '198.51.100.73', { body: next })).status).toBe('approved');
    expect((await post(t.app, '198.51.100.74', { body: spam })).status).toBe('spam');
  });
});
