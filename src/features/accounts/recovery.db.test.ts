import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describeEachDialect('admin password reset, invitation mail, new-device notice', (dialect) => {
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
      { mail: { smtpUrl: smtp.url, from: 'Reelhouse <noreply@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
    await createStaff(t, clock.now());
  });
  afterEach(async () => t.close());

  /** A browser at /admin/forgot: the form, then the answer to posting `email`. */
  async function forgot(email: string, ip = '198.51.100.20') {
    const v = new TestVisitor(t.app, ip);
    const form = await v.request({ url: '/admin/forgot' });
    v.csrfToken = csrfOf(form.body);
    return v.form('/admin/forgot', { email });
  }

  async function deliver() {
    await t.app.mail.runOutboxOnce();
    return smtp.arrivals;
  }

  const resetLinkIn = (text: string) => /http:\/\/reelhouse\.test(\/admin\/reset\/[A-Za-z0-9_-]+)/.exec(text)?.[1];

  it('the login page links to "Forgot your password?"; the answer is the same for any address', async () => {
    const login = await new TestVisitor(t.app).request({ url: '/admin/login' });
    expect(login.body).toContain('href="/admin/forgot"');
    const known = await forgot(ADMIN.email.toUpperCase());
    const unknown = await forgot('nobody@example.org', '198.51.100.21');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(known.body)).toBe(strip(unknown.body));
    const mails = await deliver();
    expect(mails.map((m) => m.envelope.to)).toEqual([[ADMIN.email]]);
    expect(mails[0]?.mail.subject).toBe('Reset your password for Reelhouse');
    expect(resetLinkIn(mails[0]?.mail.text ?? '')).toBeDefined();
    expect(mails[0]?.mail.html).toContain('/admin/reset/');
    // Only the hash of the token is stored.
    const stored = await t.t.db.selectFrom('password_resets').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(mails[0]?.mail.text).not.toContain(stored[0]?.token_hash);
  });

  it('the link sets a new password once, ends every session, and the old password stops working', async () => {
    const elsewhere = await logIn(t, ADMIN, '198.51.100.30');
    expect((await elsewhere.request({ url: '/admin' })).statusCode).toBe(200);
    await forgot(ADMIN.email);
    const link = resetLinkIn((await deliver())[0]?.mail.text ?? '') as string;

    const v = new TestVisitor(t.app, '198.51.100.31');
    const page = await v.request({ url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(ADMIN.email);
    v.csrfToken = csrfOf(page.body);
    expect((await v.form(link, { password: 'short' })).statusCode).toBe(400);
    const done = await v.form(link, { password: 'a brand new passphrase' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/login');
    expect((await v.request({ url: '/admin/login' })).body).toContain('Your password is changed');

    // The session from before the reset is gone.
    expect((await elsewhere.request({ url: '/admin' })).statusCode).toBe(303);
    await expect(logIn(t, ADMIN, '198.51.100.32')).rejects.toThrow('401');
    await logIn(t, { email: ADMIN.email, password: 'a brand new passphrase' }, '198.51.100.33');
    // Used once: the link is dead.
    expect((await v.request({ url: link })).statusCode).toBe(404);
    expect((await v.form(link, { password: 'another new passphrase' })).statusCode).toBe(404);
  });

  it('a link older than an hour does not work', async () => {
    await forgot(ADMIN.email);
    const link = resetLinkIn((await deliver())[0]?.mail.text ?? '') as string;
    clock.advance(3600_000 + 1000);
    expect((await new TestVisitor(t.app).request({ url: link })).statusCode).toBe(404);
  });

  it('throttles reset requests per address (known or not) and per network', async () => {
    for (let i = 0; i < 3; i++) expect((await forgot(ADMIN.email, `198.51.100.${40 + i}`)).statusCode).toBe(200);
    expect((await forgot(ADMIN.email, '198.51.100.49')).statusCode).toBe(429);
    expect((await forgot('nobody@example.org', '198.51.100.50')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await forgot('nobody@example.org', `198.51.100.${51 + i}`);
    expect((await forgot('nobody@example.org', '198.51.100.59')).statusCode).toBe(429);
    expect(await deliver()).toHaveLength(3);
    clock.advance(3600_000);
    expect((await forgot(ADMIN.email, '198.51.100.60')).statusCode).toBe(200);
  });

  it('mails an invitation when SMTP is set, and still shows the link', async () => {
    const admin = await logIn(t, ADMIN, '198.51.100.70');
    const page = await admin.form('/admin/users/invite', { email: 'New.Mod@Example.org', role: 'moderator' });
    expect(page.statusCode).toBe(200);
    const shown = /http:\/\/reelhouse\.test\/admin\/invite\/[A-Za-z0-9_-]+/.exec(page.body)?.[0];
    expect(shown).toBeDefined();
    expect(page.body).toContain('It is mailed to new.mod@example.org');
    const [mail] = await deliver();
    expect(mail?.envelope.to).toEqual(['new.mod@example.org']);
    expect(mail?.mail.text).toContain(shown);
  });

  it('tells the account about a sign-in from a browser it has not used before', async () => {
    const login = async (ua: string, v = new TestVisitor(t.app, '198.51.100.80')) => {
      const form = await v.request({ url: '/admin/login', headers: { 'user-agent': ua } });
      v.csrfToken = csrfOf(form.body);
      const r = await v.request({
        method: 'POST',
        url: '/admin/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': ua },
        payload: new URLSearchParams({ _csrf: v.csrfToken, ...ADMIN }).toString(),
      });
      expect(r.statusCode).toBe(303);
      return v;
    };
    const laptop = await login(FIREFOX); // the first sign-in ever: nothing to compare with
    laptop.csrfToken = csrfOf((await laptop.request({ url: '/admin' })).body);
    expect((await laptop.form('/admin/logout', {})).statusCode).toBe(303);
    await login(FIREFOX, laptop); // the same browser again
    await login(FIREFOX); // the same browser family with cookies cleared
    laptop.csrfToken = csrfOf((await laptop.request({ url: '/admin' })).body);
    await laptop.form('/admin/logout', {});
    await login(FIREFOX.replace(/Firefox/g, 'Chrome'), laptop); // another user-agent, but a device cookie seen before
    expect(await deliver()).toHaveLength(0);
    await login(IPHONE);
    const [notice] = await deliver();
    expect(notice?.envelope.to).toEqual([ADMIN.email]);
    expect(notice?.mail.subject).toBe('New sign-in to Reelhouse');
    expect(notice?.mail.text).toContain('Safari on iOS');
    expect(notice?.mail.text).toContain('http://reelhouse.test/admin/forgot');
    await login(IPHONE);
    expect(await deliver()).toHaveLength(1);
  });
});
