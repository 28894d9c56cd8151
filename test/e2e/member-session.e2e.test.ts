import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInMemberOnServer } from '../support/members.js';
import { type RunningServer, startServer } from '../support/server.js';

// The members' test support against the compiled server, as e2e specs use it: a member made in the server's
// database is signed in by the cookie it returns, and their pages come from the shared page cache.

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { IMPORT_DEMO: 'off' } });
});
afterAll(async () => server?.stop());

it('signs a browser in as a member made straight in the server’s database', async () => {
  const { member, cookie } = await signedInMemberOnServer(server.databaseUrl, { displayName: 'Chromium Member' });
  const get = async () => {
    const response = await fetch(`${server.origin}/privacy`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    return { cache: response.headers.get('x-page-cache'), body: await response.text() };
  };
  await get();
  const page = await get();
  expect(page.cache).toBe('hit');
  expect(page.body).toContain(`Signed in as <a href="/u/${member.handle}">Chromium Member</a>`);
  const guest = await (await fetch(`${server.origin}/privacy`)).text();
  expect(guest).not.toContain('Chromium Member');
});
