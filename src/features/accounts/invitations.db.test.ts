import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { TestVisitor } from '../../../test/support/visitor.js';

describeEachDialect('an invitation link used twice at once', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
  });
  afterAll(async () => t.close());

  /** An invitation link for `email`, made by the admin through the users page. */
  async function invite(email: string) {
    const admin = await logIn(t, ADMIN, '192.0.2.90');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/users' })).body);
    const page = await admin.form('/admin/users/invite', { email, role: 'moderator' });
    return /http:\/\/reelhouse\.test(\/admin\/invite\/[A-Za-z0-9_-]+)/.exec(page.body)![1]!;
  }

  /** A browser holding the invitation form (and so its CSRF token). */
  async function opened(link: string, ip: string) {
    const v = new TestVisitor(t.app, ip);
    v.csrfToken = csrfOf((await v.request({ url: link })).body);
    return v;
  }

  it('sets one password and opens one session: the other request is told the link is used', async () => {
    const link = await invite('twice@example.org');
    const [a, b] = [await opened(link, '192.0.2.91'), await opened(link, '192.0.2.92')];
    const answers = await Promise.all([
      a.form(link, { password: 'the first long password' }),
      b.form(link, { password: 'the second long password' }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 404]);
    expect(answers.find((r) => r.statusCode === 404)!.body).toContain('This invitation link is not valid any more');

    const user = await t.t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'twice@example.org')
      .executeTakeFirstOrThrow();
    const sessions = await t.t.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
    const accepted = await t.t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'user.accept_invite')
      .where('target_id', '=', String(user.id))
      .execute();
    expect(accepted).toHaveLength(1);
  });
});
