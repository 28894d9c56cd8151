import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const URL = '/api/v1/films/the-comment-film/comments';

describeEachDialect('moderation mail', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());
  beforeEach(async () => {
    smtp.arrivals.length = 0;
    clock = new TestClock();
    t = await createTestApp(
      dialect,
      { mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
    await insertFilms(t.t.db, [buildFilm({ title: 'The Comment Film', year: 2013 })]);
    await createStaff(t, clock.now());
  });
  afterEach(async () => t.close());

  async function choose(mode: string, digestMinutes = '60') {
    const mod = await logIn(t, MODERATOR, '198.51.100.90');
    const page = await mod.request({ url: '/admin/notifications' });
    expect(page.statusCode).toBe(200);
    mod.csrfToken = csrfOf(page.body);
    return { mod, saved: await mod.form('/admin/notifications', { mode, digestMinutes }) };
  }

  let ip = 1;
  async function postComment(authorName: string, body: string) {
    const v = new TestVisitor(t.app, `203.0.113.${ip++}`);
    const page = await v.request({ url: '/film/the-comment-film' });
    v.csrfToken = csrfOf(page.body);
    const posted = await v.api('POST', URL, { authorName, authorEmail: `c${ip}@example.org`, body });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().status).toBe('pending');
    return posted.json().id as number;
  }

  it('mails each held comment to a moderator who opted in, linking to the queue; a GET there changes nothing', async () => {
    const { mod, saved } = await choose('each');
    expect(saved.statusCode).toBe(303);
    const id = await postComment('Ana Lima', 'A lovely film about a father and his daughter.');
    await t.app.mail.runOutboxOnce();
    const mails = await smtp.waitFor(1);
    // Only the moderator who opted in; the admin did not.
    expect(mails.map((m) => m.envelope.to)).toEqual([[MODERATOR.email]]);
    const mail = mails[0]!.mail;
    expect(mail.subject).toBe('Held for moderation: a comment by Ana Lima on The Comment Film');
    expect(mail.text).toContain('A lovely film about a father and his daughter.');
    const link = `http://reelhouse.test/admin/comments?status=pending#comment-${id}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(link.replace('&', '&amp;'));

    const queue = await mod.request({ url: link.replace('http://reelhouse.test', '').replace(/#.*/, '') });
    expect(queue.body).toContain(`id="comment-${id}"`);
    expect(queue.body).toContain(`formaction="/admin/comments/${id}/approve"`);
    const status = await t.t.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirst();
    expect(status?.status).toBe('pending');
  });

  it("a commenter name cannot add headers to the moderators' mail", async () => {
    await choose('each');
    await postComment('Eve\r\nBcc: victim@example.net', 'Hello there, a perfectly fine comment.');
    await t.app.mail.runOutboxOnce();
    const [arrival] = await smtp.waitFor(1);
    expect(arrival?.envelope.to).toEqual([MODERATOR.email]);
    expect(arrival?.mail.headers.has('bcc')).toBe(false);
    expect(arrival?.raw).not.toMatch(/^Bcc:/im);
  });

  it('sends a digest every N minutes, only of comments held since the last one', async () => {
    const { saved } = await choose('digest', '30');
    expect(saved.statusCode).toBe(303);
    clock.advance(1000);
    await postComment('Ana Lima', 'First held comment of the evening.');
    await postComment('Bo Chen', 'Second held comment of the evening.');
    await t.app.mail.runOutboxOnce();
    expect(smtp.arrivals).toHaveLength(0); // the interval has not passed
    clock.advance(30 * 60_000);
    await t.app.mail.runOutboxOnce();
    const [digest] = await smtp.waitFor(1);
    expect(digest?.mail.subject).toBe('2 comment(s) held for moderation on Reelhouse');
    expect(digest?.mail.text).toContain('First held comment');
    expect(digest?.mail.text).toContain('Second held comment');
    expect(digest?.mail.text).toContain('http://reelhouse.test/admin/comments?status=pending');
    clock.advance(30 * 60_000);
    await t.app.mail.runOutboxOnce();
    expect(smtp.arrivals).toHaveLength(1); // nothing new held: no empty digest
    await postComment('Cy Dee', 'Third held comment, later.');
    clock.advance(30 * 60_000);
    await t.app.mail.runOutboxOnce();
    const arrivals = await smtp.waitFor(2);
    expect(arrivals[1]?.mail.subject).toBe('1 comment(s) held for moderation on Reelhouse');
    expect(arrivals[1]?.mail.text).not.toContain('First held comment');
  });

  it('stops by the one-click List-Unsubscribe POST', async () => {
    await choose('each');
    await postComment('Ana Lima', 'A first held comment.');
    await t.app.mail.runOutboxOnce();
    const [mail] = await smtp.waitFor(1);
    const raw = (mail?.raw ?? '').replace(/\r?\n[ \t]+/g, ' ');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const path = /^List-Unsubscribe: <http:\/\/reelhouse\.test([^>]+)>/m.exec(raw)?.[1] as string;
    expect(path).toMatch(/^\/mail\/moderation-off\/\d+\//);
    expect((await t.app.inject({ url: path })).body).toContain('Stop mail about held comments');
    expect((await t.app.inject({ method: 'POST', url: `${path}x` })).statusCode).toBe(404);
    const oneClick = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    await postComment('Bo Chen', 'A second held comment.');
    await t.app.mail.runOutboxOnce();
    expect(smtp.arrivals).toHaveLength(1);
  });

  it('refuses a digest interval out of range, naming the field', async () => {
    const { saved } = await choose('digest', '1');
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain('digestMinutes: 5 to 1440');
    const admin = await logIn(t, ADMIN, '198.51.100.91');
    expect((await admin.request({ url: '/admin/notifications' })).statusCode).toBe(200);
  });
});
