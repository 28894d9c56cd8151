import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, logIn } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { createDb } from '../../db/create-db.js';
import { createMailWorker, insertMail, MAX_ATTEMPTS, type MailMessage } from './index.js';

const message = (over: Partial<MailMessage> = {}): MailMessage => ({
  kind: 'reply',
  to: { address: 'reader@example.org', name: 'Reader' },
  subject: 'Someone answered you',
  text: 'Read it: http://reelhouse.test/film/alien#comment-2',
  html: '<p>Read it: <a href="http://reelhouse.test/film/alien#comment-2">the reply</a></p>',
  unsubscribeUrl: 'http://reelhouse.test/mail/unsubscribe/abc',
  ...over,
});

describeEachDialect('mail outbox', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: TestClock;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());
  beforeEach(async () => {
    smtp.arrivals.length = 0;
    smtp.attempts = 0;
    smtp.mode = { kind: 'accept' };
    clock = new TestClock();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-mail-'));
    t = await createTestApp(
      dialect,
      { dataDir, mail: { smtpUrl: smtp.url, from: 'Reelhouse <noreply@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const row = (id: number) =>
    t.t.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends the admin test mail, multipart with the right headers and link, and keeps no body afterwards', async () => {
    await createStaff(t, clock.now());
    const admin = await logIn(t, ADMIN, '198.51.100.1');
    const queued = await admin.form('/admin/mail/test', {});
    expect(queued.statusCode).toBe(303);
    expect(smtp.arrivals).toHaveLength(0); // the request only queued it
    expect(await t.app.mail.runOutboxOnce()).toMatchObject({ sent: 1 });
    const [arrival] = await smtp.waitFor(1);
    expect(arrival?.envelope).toEqual({ from: 'noreply@reelhouse.test', to: [ADMIN.email] });
    const mail = arrival?.mail;
    expect(mail?.from?.value).toEqual([{ name: 'Reelhouse', address: 'noreply@reelhouse.test' }]);
    expect(mail?.subject).toBe('Test mail from Reelhouse');
    expect(mail?.messageId).toMatch(/^<[0-9a-f-]{36}@reelhouse\.test>$/);
    expect(mail?.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail?.text).toContain('http://reelhouse.test/admin/mail');
    expect(mail?.html).toContain('href="http://reelhouse.test/admin/mail"');
    expect(mail?.html).toContain('#b4232f'); // the site's accent colour
    // Not a notification: no unsubscribe headers.
    expect(mail?.headers.has('list-unsubscribe')).toBe(false);
    const stored = await t.t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ kind: 'test', status: 'sent', subject: null, body_text: null, body_html: null });
    expect(stored.sent_at).toBe(clock.now().toISOString());
    const log = await admin.request({ url: '/admin/mail' });
    expect(log.body).toContain('Email is on');
    expect((await admin.request({ url: '/admin' })).body).not.toContain('Email is off');
    expect(log.body).toMatch(/<td>test<\/td><td>owner@example.org<\/td><td>sent<\/td>/);
  });

  it('puts List-Unsubscribe and the RFC 8058 one-click header on notifications', async () => {
    await insertMail(t.t.db, message(), clock.now());
    await t.app.mail.runOutboxOnce();
    const [arrival] = await smtp.waitFor(1);
    expect(arrival?.raw).toMatch(/^List-Unsubscribe: <http:\/\/reelhouse.test\/mail\/unsubscribe\/abc>\r?$/m);
    expect(arrival?.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(arrival?.mail.text).toContain('http://reelhouse.test/film/alien#comment-2');
  });

  it('makes CR/LF in a name or subject harmless: no extra header, no extra recipient', async () => {
    await insertMail(
      t.t.db,
      message({
        to: { address: 'reader@example.org', name: 'Eve\r\nBcc: victim@example.net' },
        subject: 'Hello\r\nBcc: victim@example.net\nX-Evil: 1',
      }),
      clock.now(),
    );
    await t.app.mail.runOutboxOnce();
    const [arrival] = await smtp.waitFor(1);
    expect(arrival?.envelope.to).toEqual(['reader@example.org']);
    expect(arrival?.mail.headers.has('bcc')).toBe(false);
    expect(arrival?.mail.headers.has('x-evil')).toBe(false);
    expect(arrival?.mail.subject).toBe('Hello Bcc: victim@example.net X-Evil: 1');
    expect(arrival?.raw).not.toMatch(/^Bcc:/im);
    // An address that is not one is refused when queued.
    await expect(
      insertMail(t.t.db, message({ to: { address: 'a@b.org\r\nBcc: c@d.org' } }), clock.now()),
    ).rejects.toThrow('email address');
  });

  for (const [code, text] of [
    [550, 'No such user here'],
    [451, 'Try again later'],
  ] as const) {
    it(`retries a ${code} refusal with growing back-off, then records it as failed with the answer`, async () => {
      smtp.mode = { kind: 'refuse', code, text };
      const id = await insertMail(t.t.db, message(), clock.now());
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await t.app.mail.runOutboxOnce();
        expect(smtp.attempts).toBe(attempt);
        const stored = await row(id);
        expect(stored.last_error).toContain(`${code}`);
        expect(stored.last_error).toContain(text);
        if (attempt === MAX_ATTEMPTS) {
          expect(stored).toMatchObject({ status: 'failed', body_text: null, subject: null });
          break;
        }
        expect(stored.status).toBe('queued');
        const wait = Date.parse(stored.next_attempt_at) - clock.now().getTime();
        waits.push(wait);
        // Not yet due: a pass now does not knock again.
        await t.app.mail.runOutboxOnce();
        expect(smtp.attempts).toBe(attempt);
        clock.advance(wait);
      }
      expect(waits.slice(0, 3)).toEqual([60_000, 120_000, 240_000]);
      clock.advance(24 * 3600_000);
      await t.app.mail.runOutboxOnce();
      expect(smtp.attempts).toBe(MAX_ATTEMPTS);
      expect(smtp.arrivals).toHaveLength(0);
    });
  }

  it('retries a server that disappears mid-send, and delivers exactly once', async () => {
    smtp.mode = { kind: 'drop' };
    const id = await insertMail(t.t.db, message(), clock.now());
    expect(await t.app.mail.runOutboxOnce()).toMatchObject({ sent: 0, retrying: 1 });
    expect((await row(id)).status).toBe('queued');
    smtp.mode = { kind: 'accept' };
    clock.advance(60_000);
    expect(await t.app.mail.runOutboxOnce()).toMatchObject({ sent: 1 });
    clock.advance(3600_000);
    await t.app.mail.runOutboxOnce();
    expect(smtp.attempts).toBe(2);
    expect(smtp.arrivals).toHaveLength(1);
    expect((await row(id)).status).toBe('sent');
  });

  it('gives up on a server that stops answering after the timeout, and retries later', async () => {
    smtp.mode = { kind: 'slow', delayMs: 3000 };
    const config = { dataDir, mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay: 10 } };
    const worker = createMailWorker({ config, db: t.t.db, clock, timeoutMs: 300 });
    try {
      const id = await insertMail(t.t.db, message(), clock.now());
      const started = performance.now();
      expect(await worker.runOutboxOnce()).toMatchObject({ sent: 0, retrying: 1 });
      expect(performance.now() - started).toBeLessThan(2500);
      expect((await row(id)).last_error).toMatch(/timeout/i);
      smtp.mode = { kind: 'accept' };
      clock.advance(60_000);
      expect(await worker.runOutboxOnce()).toMatchObject({ sent: 1 });
      // The slow server took the first copy after all (SMTP cannot tell a client that gave up): both copies carry
      // the same Message-ID, so the receiving side can drop the second (README, "Email").
      const arrivals = await smtp.waitFor(2, 5000);
      expect(new Set(arrivals.map((a) => a.mail.messageId)).size).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('writes .eml files to DATA_DIR/outbox when SMTP_URL is not set, and says email is off', async () => {
    const off = await createTestApp(dialect, {
      dataDir,
      mail: { smtpUrl: null, from: 'R <r@reelhouse.test>', repliesPerDay: 10 },
    });
    try {
      await createStaff(off, clock.now());
      const admin = await logIn(off, ADMIN, '198.51.100.2');
      expect((await admin.request({ url: '/admin/mail' })).body).toContain('Email is off');
      expect((await admin.request({ url: '/admin' })).body).toContain('Email is off');
      const id = await insertMail(off.t.db, message(), new Date());
      expect(await off.app.mail.runOutboxOnce()).toMatchObject({ sent: 1 });
      const eml = fs.readFileSync(path.join(dataDir, 'outbox', `${id}-reply.eml`), 'utf8');
      expect(eml).toMatch(/^To: Reader <reader@example.org>$/m);
      expect(eml).toContain('multipart/alternative');
    } finally {
      await off.close();
    }
  });

  it('purges sent and failed rows after 30 days', async () => {
    const old = await insertMail(t.t.db, message(), clock.now());
    await t.app.mail.runOutboxOnce();
    clock.advance(29 * 86_400_000);
    const recent = await insertMail(t.t.db, message(), clock.now());
    clock.advance(2 * 86_400_000);
    expect(await t.app.mail.runOutboxOnce()).toMatchObject({ sent: 1, purged: 1 });
    const ids = (await t.t.db.selectFrom('mail_outbox').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual([recent]);
    expect(ids).not.toContain(old);
  });

  it('does not slow a request that queues mail while the SMTP server is slow', async () => {
    smtp.mode = { kind: 'slow', delayMs: 1500 };
    await t.app.close();
    t = await createTestApp(
      dialect,
      { dataDir, mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
    const worker = createMailWorker({
      config: { dataDir, mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay: 10 } },
      db: t.t.db,
      clock,
    });
    worker.start(10);
    try {
      await createStaff(t, clock.now());
      const admin = await logIn(t, ADMIN, '198.51.100.3');
      const timings: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        expect((await admin.form('/admin/mail/test', {})).statusCode).toBe(303);
        timings.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      // The worker is meanwhile stuck in a 1.5 s DATA answer; the requests only inserted a row.
      expect(smtp.attempts).toBeGreaterThan(0);
      expect(Math.max(...timings)).toBeLessThan(500);
      await smtp.waitFor(3, 15_000);
    } finally {
      await worker.stop();
    }
  });

  it('two app instances on one database send each message once', async () => {
    const second = createDb(
      dialect === 'sqlite'
        ? { dialect: 'sqlite', file: t.t.databaseUrl.slice('sqlite:'.length) }
        : { dialect: 'postgres', url: t.t.databaseUrl },
      { searchPath: t.t.env.PGOPTIONS?.replace('-c search_path=', '') },
    );
    const config = { dataDir, mail: { smtpUrl: smtp.url, from: 'R <r@reelhouse.test>', repliesPerDay: 10 } };
    const workers = [t.t.db, second].map((db) => createMailWorker({ config, db, clock }));
    try {
      for (let i = 0; i < 30; i++) {
        await insertMail(t.t.db, message({ to: { address: `reader${i}@example.org` } }), clock.now());
      }
      const runs = await Promise.all(workers.flatMap((w) => [w.runOutboxOnce(), w.runOutboxOnce()]));
      const again = await Promise.all(workers.map((w) => w.runOutboxOnce()));
      const sent = [...runs, ...again].reduce((n, r) => n + r.sent, 0);
      expect(sent).toBe(30);
      const arrivals = await smtp.waitFor(30);
      const recipients = arrivals.flatMap((a) => a.envelope.to).sort();
      expect(new Set(recipients).size).toBe(30);
      expect(recipients).toHaveLength(30);
      // Both instances did part of the work.
      expect(runs.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    } finally {
      for (const w of workers) await w.stop();
      await second.destroy();
    }
  });
});
