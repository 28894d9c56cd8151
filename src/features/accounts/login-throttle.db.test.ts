import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApp } from '../../server/app.js';
import { ACCOUNT_THROTTLE, NETWORK_THROTTLE } from './throttle.js';

const WRONG = 'That email and password do not match an account.';
const LOCKED = 'Too many failed attempts';

/** A login form ready to send: the visitor has its CSRF cookie and token, from the login page. */
async function loginForm(app: FastifyInstance, ip: string) {
  const v = new TestVisitor(app, ip);
  v.csrfToken = csrfOf((await v.request({ url: '/admin/login' })).body);
  return v;
}

/** Send every form at once, and sort the answers into "wrong password" and "too many attempts". */
async function race(forms: Array<{ v: TestVisitor; email: string; password: string }>) {
  const answers = await Promise.all(forms.map(({ v, email, password }) => v.form('/admin/login', { email, password })));
  const wrong = answers.filter((r) => r.statusCode === 401 && r.body.includes(WRONG)).length;
  const locked = answers.filter((r) => r.statusCode === 429 && r.body.includes(LOCKED)).length;
  return { wrong, locked, total: answers.length };
}

describeEachDialect('login throttling under concurrent attempts', (dialect) => {
  let t: TestApp;
  let second: FastifyInstance;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    // A second instance over the same database: the throttle must hold across instances.
    second = await createApp({ config: testConfig(), db: t.t.db, clock });
    await createStaff(t, clock.now());
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const failuresOf = async (prefix: string) =>
    (await t.t.db.selectFrom('login_attempts').select(['key', 'failures']).where('key', 'like', `${prefix}%`).execute())
      .map((r) => Number(r.failures))
      .sort((a, b) => b - a);

  it('40 concurrent wrong passwords for one account: exactly the free tries plus one are checked', async () => {
    const forms = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => ({
        v: await loginForm(i % 2 ? second : t.app, `198.51.100.${i + 1}`),
        email: ADMIN.email,
        password: `wrong password ${i}`,
      })),
    );
    const { wrong, locked } = await race(forms);
    // Sequentially: freeFailures answers "wrong", the next one "wrong" and locks, every later one is refused unchecked.
    expect(wrong).toBe(ACCOUNT_THROTTLE.freeFailures + 1);
    expect(locked).toBe(40 - wrong);
    expect(await failuresOf('account:')).toEqual([wrong]);

    // Locked: even the right password is refused, on either instance, and counts nothing more.
    for (const app of [t.app, second]) {
      const v = await loginForm(app, '198.51.100.200');
      const r = await v.form('/admin/login', ADMIN);
      expect(r.statusCode).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      // The first lock is 30 s: said as a whole minute, in the singular.
      expect(r.body).toContain('logging in is paused for 1 minute.');
    }
    expect(await failuresOf('account:')).toEqual([wrong]);

    // Once the lock has passed, the right password gets in again and the account's failures are forgotten.
    clock.advance(ACCOUNT_THROTTLE.firstLockMs + 1000);
    const v = await loginForm(t.app, '198.51.100.201');
    expect((await v.form('/admin/login', ADMIN)).statusCode).toBe(303);
    expect(await failuresOf('account:')).toEqual([]);
  });

  it('40 concurrent wrong passwords from one network for different accounts: the network lock holds the same way', async () => {
    const ip = '203.0.113.99';
    const forms = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => ({
        v: await loginForm(i % 2 ? second : t.app, ip),
        email: `nobody${i}@example.org`,
        password: 'wrong password!',
      })),
    );
    const { wrong, locked } = await race(forms);
    expect(wrong).toBe(NETWORK_THROTTLE.freeFailures + 1);
    expect(locked).toBe(40 - wrong);
    expect(await failuresOf('network:')).toContain(wrong);
    const v = await loginForm(second, ip);
    expect((await v.form('/admin/login', ADMIN)).statusCode).toBe(429);
  });
});
