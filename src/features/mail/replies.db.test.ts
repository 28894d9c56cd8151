import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApiTokenForEmail } from '../accounts/index.js';

const URL = '/api/v1/films/the-comment-film/comments';
const ANA = 'ana@example.org';

describeEachDialect('reply notifications', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: TestClock;
  let token: string;
  let ip = 1;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());
  async function start(repliesPerDay = 10) {
    smtp.arrivals.length = 0;
    clock = new TestClock();
    t = await createTestApp(
      dialect,
      { mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay } },
      { clock },
    );
    await insertFilms(t.t.db, [buildFilm({ title: 'The Comment Film', year: 2013 })]);
    await createStaff(t, clock.now());
    token = (await createApiTokenForEmail(t.t.db, MODERATOR.email, 'tests', clock.now())).token;
  }
  beforeEach(async () => start());
  afterEach(async () => t.close());

  async function post(fields: Record<string, unknown>) {
    const v = new TestVisitor(t.app, `203.0.113.${ip++ % 250}`);
    v.csrfToken = csrfOf((await v.request({ url: '/film/the-comment-film' })).body);
    const posted = await v.api('POST', URL, { authorName: 'Someone', authorEmail: `s${ip}@example.org`, ...fields });
    expect(posted.statusCode).toBe(201);
    return posted.json().id as number;
  }
  const moderate = async (id: number, action = 'approve') => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${id}/${action}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.statusCode).toBe(200);
  };
  async function approvedReply(parentId: number, body: string, authorName = 'Bo Chen') {
    const id = await post({ authorName, body, parentId });
    await moderate(id);
    return id;
  }
  const deliver = async () => {
    await t.app.mail.runOutboxOnce();
    return smtp.arrivals;
  };
  /** The raw message with folded header lines joined back. */
  const unfolded = (raw = '') => raw.replace(/\r?\n[ \t]+/g, ' ');
  const linkIn = (text: string, path: string) =>
    new RegExp(`http://reelhouse\\.test(${path}[A-Za-z0-9_/-]+)`).exec(text)?.[1] as string;

  /** Ana comments with the box ticked, is approved, and confirms from her mail. */
  async function anaSubscribed() {
    const id = await post({
      authorName: 'Ana Lima',
      authorEmail: ANA,
      body: 'I loved the ending.',
      notifyReplies: true,
    });
    await moderate(id);
    const [confirm] = await deliver();
    expect(confirm?.envelope.to).toEqual([ANA]);
    const link = linkIn(confirm?.mail.text ?? '', '/mail/confirm/');
    const v = new TestVisitor(t.app, '198.51.100.5');
    const page = await v.request({ url: link });
    v.csrfToken = csrfOf(page.body);
    expect((await v.form(link, {})).body).toContain('Confirmed.');
    smtp.arrivals.length = 0;
    return id;
  }

  it('asks the address to confirm first, and mails nothing else until it does', async () => {
    const id = await post({
      authorName: 'Ana Lima',
      authorEmail: ANA,
      body: 'I loved the ending.',
      notifyReplies: true,
    });
    await moderate(id);
    await approvedReply(id, 'A reply before Ana confirmed.');
    const mails = await deliver();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.subject).toBe('Confirm reply notifications from Reelhouse');
    const link = linkIn(mails[0]?.mail.text ?? '', '/mail/confirm/');
    // Opening the link (a mail scanner does) confirms nothing; the button does.
    const v = new TestVisitor(t.app, '198.51.100.6');
    const page = await v.request({ url: link });
    expect(page.statusCode).toBe(200);
    await approvedReply(id, 'A second reply, after the GET.');
    expect(await deliver()).toHaveLength(1);
    // Ticking again the same day does not mail another confirmation.
    await post({ authorName: 'Ana Lima', authorEmail: ANA, body: 'Another thought entirely.', notifyReplies: true });
    expect(await deliver()).toHaveLength(1);
    // Unticked (the default): nothing at all.
    await post({ authorName: 'Dee', authorEmail: 'dee@example.org', body: 'No mail for me please.' });
    expect(await deliver()).toHaveLength(1);
    expect(page.body).toContain('Yes, confirm');
    const film = await v.request({ url: '/film/the-comment-film' });
    expect(film.body).toMatch(/<input id="comment-notify" name="notifyReplies" type="checkbox" value="1"\/?>/);
  });

  it('mails each approved reply once, with its text, a link and one-click unsubscribe headers', async () => {
    const parent = await anaSubscribed();
    const pending = await post({ authorName: 'Bo Chen', body: 'Same here, the last shot!', parentId: parent });
    expect(await deliver()).toHaveLength(0); // held: not yet
    await moderate(pending);
    const [mail] = await deliver();
    expect(mail?.envelope.to).toEqual([ANA]);
    expect(mail?.mail.subject).toBe('Bo Chen replied to your comment on The Comment Film');
    expect(mail?.mail.text).toContain('Same here, the last shot!');
    expect(mail?.mail.text).toContain(`http://reelhouse.test/film/the-comment-film#comment-${pending}`);
    expect(mail?.mail.html).toContain('Same here, the last shot!');
    expect(unfolded(mail?.raw)).toMatch(
      /^List-Unsubscribe: <http:\/\/reelhouse\.test\/mail\/unsubscribe\/\d+\/\d+\/[\w-]+>\r?$/m,
    );
    expect(unfolded(mail?.raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // Unapproved and approved again: still one mail.
    await moderate(pending, 'unapprove');
    await moderate(pending);
    expect(await deliver()).toHaveLength(1);
    // Ana's own reply in her thread is not mailed to her.
    await moderate(await post({ authorName: 'Ana Lima', authorEmail: ANA, body: 'Thanks Bo!', parentId: parent }));
    expect(await deliver()).toHaveLength(1);
  });

  it('a reply the site publishes from the moderation page is mailed too', async () => {
    const parent = await anaSubscribed();
    const mod = await logIn(t, MODERATOR, '198.51.100.98');
    mod.csrfToken = csrfOf((await mod.request({ url: `/admin/comments/${parent}` })).body);
    const r = await mod.form(`/admin/comments/${parent}/reply`, { body: 'Thank you for watching, Ana.' });
    expect(r.statusCode).toBe(303);
    const [mail] = await deliver();
    expect(mail?.envelope.to).toEqual([ANA]);
    expect(mail?.mail.text).toContain('Thank you for watching, Ana.');
  });

  it('unsubscribes from a thread by the RFC 8058 one-click POST; GET only shows the buttons', async () => {
    const parent = await anaSubscribed();
    await approvedReply(parent, 'First reply.');
    const [mail] = await deliver();
    const header = /^List-Unsubscribe: <http:\/\/reelhouse\.test([^>]+)>/m.exec(unfolded(mail?.raw))?.[1] as string;
    const shown = await t.app.inject({ url: header });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Stop mails about this thread');
    expect(shown.body).toContain('Stop all reply mails');
    await approvedReply(parent, 'Second reply, after the GET.');
    expect(await deliver()).toHaveLength(2);
    // Tampered: refused.
    expect((await t.app.inject({ method: 'POST', url: `${header.slice(0, -3)}AAA` })).statusCode).toBe(404);
    // What a mail provider sends: a POST from its own server, no cookie, no CSRF token.
    const oneClick = await t.app.inject({
      method: 'POST',
      url: header,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    await approvedReply(parent, 'Third reply, after unsubscribing.');
    expect(await deliver()).toHaveLength(2);
    // Still subscribed to her other threads.
    const other = await post({
      authorName: 'Ana Lima',
      authorEmail: ANA,
      body: 'On a second thought.',
      notifyReplies: true,
    });
    await moderate(other);
    await approvedReply(other, 'A reply in the other thread.');
    expect(await deliver()).toHaveLength(3);
  });

  it('"all threads" forgets the address (multipart one-click works too)', async () => {
    const parent = await anaSubscribed();
    await approvedReply(parent, 'First reply.');
    const [mail] = await deliver();
    const all = linkIn(mail?.mail.text ?? '', '/mail/unsubscribe/');
    const allLink = /No more reply mails at all: http:\/\/reelhouse\.test(\S+)/.exec(
      mail?.mail.text ?? '',
    )?.[1] as string;
    expect(all).toBeDefined();
    const boundary = 'xyz';
    const r = await t.app.inject({
      method: 'POST',
      url: allLink,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('your address is forgotten');
    expect(await t.t.db.selectFrom('mail_subscribers').selectAll().execute()).toEqual([]);
    await approvedReply(parent, 'Second reply.');
    expect(await deliver()).toHaveLength(1);
  });

  it('the privacy page tells; export and erase include subscriptions and mail sent', async () => {
    const parent = await anaSubscribed();
    await approvedReply(parent, 'A reply for the export.');
    await deliver();
    const privacy = await t.app.inject({ url: '/privacy' });
    expect(privacy.body).toContain('If you ask to be emailed about replies');
    expect(privacy.body).toContain('for 30 days');
    const admin = await logIn(t, ADMIN, '198.51.100.99');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/privacy' })).body);
    const exported = (await admin.form('/admin/privacy/export', { email: ANA })).json();
    expect(exported.mail.replyNotifications).toMatchObject({ comments: [{ commentId: parent }] });
    expect(exported.mail.replyNotifications.confirmedAt).toBeTruthy();
    expect(exported.mail.mailSent.map((m: { kind: string }) => m.kind)).toEqual(['confirm-replies', 'reply']);
    expect(JSON.stringify(exported.mail)).not.toContain('A reply for the export.');
    expect((await admin.form('/admin/privacy/erase', { email: ANA, mode: 'delete' })).statusCode).toBe(303);
    expect(await t.t.db.selectFrom('mail_subscribers').selectAll().execute()).toEqual([]);
    const left = await t.t.db.selectFrom('mail_outbox').select('recipient').where('recipient', '=', ANA).execute();
    expect(left).toEqual([]);
  });

  it('mails at most N replies per address per day', async () => {
    await t.close();
    await start(2);
    const parent = await anaSubscribed();
    for (const text of ['One.', 'Two.', 'Three.']) await approvedReply(parent, `Reply ${text}`);
    expect(await deliver()).toHaveLength(2);
    clock.advance(24 * 3600_000);
    await approvedReply(parent, 'Reply the next day.');
    expect(await deliver()).toHaveLength(3);
  });
});
