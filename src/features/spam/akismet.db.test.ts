import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { ConfigError, loadConfig } from '../../config.js';
import { createApiTokenForEmail, createUser } from '../accounts/index.js';

/** A stand-in for Akismet's REST API on loopback: answers as the real one does, and remembers what it was sent. */
function startFakeAkismet(): Promise<{
  server: Server;
  url: string;
  calls: Array<{ path: string; form: URLSearchParams }>;
}> {
  const calls: Array<{ path: string; form: URLSearchParams }> = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      const form = new URLSearchParams(raw);
      calls.push({ path: request.url ?? '', form });
      if (request.url === '/1.1/comment-check') {
        const content = form.get('comment_content') ?? '';
        if (content.includes('akismet-error')) {
          response.writeHead(500, { 'x-akismet-debug-help': 'We were unable to parse your request.' }).end('error');
        } else if (content.includes('akismet-guaranteed-spam')) {
          response.writeHead(200, { 'x-akismet-pro-tip': 'discard' }).end('true');
        } else if (form.get('comment_author_email') === 'akismet-flagged@example.org') {
          response.writeHead(200).end('true');
        } else {
          response.writeHead(200).end('false');
        }
      } else {
        response.writeHead(200).end('Thanks for making the web a better place.');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }),
    ),
  );
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

describe('Akismet configuration', () => {
  it('is off by default, on with AKISMET_KEY, and refuses a malformed AKISMET_URL', () => {
    expect(loadConfig({}).akismet).toBeNull();
    expect(loadConfig({ AKISMET_KEY: 'abc123' }).akismet).toEqual({ key: 'abc123', url: 'https://rest.akismet.com' });
    expect(() => loadConfig({ AKISMET_KEY: 'abc123', AKISMET_URL: 'rest.akismet.com' })).toThrow(ConfigError);
  });
});

describeEachDialect('Akismet adapter', (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeAkismet>>;
  let token: string;
  const clock = new TestClock();
  const URL = '/api/v1/films/the-akismet-film/comments';

  beforeAll(async () => {
    fake = await startFakeAkismet();
    t = await createTestApp(dialect, { akismet: { key: 'test-key', url: fake.url } }, { clock });
    await insertFilms(t.t.db, [buildFilm({ title: 'The Akismet Film', year: 2016 })]);
    await createUser(
      t.t.db,
      { email: 'mod@example.org', password: 'moderating all day long', role: 'moderator' },
      { id: null, label: 'cli' },
      clock.now(),
    );
    token = (await createApiTokenForEmail(t.t.db, 'mod@example.org', 'tests', clock.now())).token;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  async function postAs(ip: string, fields: Record<string, string>) {
    const v = await TestVisitor.start(t.app, ip);
    const response = await v.api('POST', URL, { authorEmail: `${ip}@example.org`, ...fields });
    expect(response.statusCode).toBe(201);
    return t.t.db.selectFrom('comments').selectAll().where('id', '=', response.json().id).executeTakeFirstOrThrow();
  }

  it('asks Akismet about each new comment, with what its API needs', async () => {
    const row = await postAs('203.0.113.50', {
      authorName: 'Ana Lima',
      authorUrl: 'https://ana.example/',
      body: 'The second half drags, but the final scene redeems it.',
    });
    expect(row.status).not.toBe('spam');
    const check = fake.calls.find((c) => c.path === '/1.1/comment-check');
    expect(Object.fromEntries(check!.form)).toMatchObject({
      api_key: 'test-key',
      blog: 'http://reelhouse.test',
      user_ip: '203.0.113.50',
      comment_type: 'comment',
      comment_author: 'Ana Lima',
      comment_author_email: '203.0.113.50@example.org',
      comment_author_url: 'https://ana.example/',
      comment_content: 'The second half drags, but the final scene redeems it.',
    });
  });

  it('files what Akismet calls blatant spam as spam, and holds what it calls spam', async () => {
    const blatant = await postAs('203.0.113.51', {
      authorName: 'Ben',
      body: 'A fine film and akismet-guaranteed-spam in the text.',
    });
    expect(blatant.status).toBe('spam');
    expect(JSON.parse(blatant.reasons)).toContain('Akismet: blatant spam');
    const flagged = await postAs('203.0.113.52', {
      authorName: 'Eve',
      authorEmail: 'akismet-flagged@example.org',
      body: 'I liked the soundtrack.',
    });
    expect(flagged.status).toBe('pending');
    expect(JSON.parse(flagged.reasons)).toContain('Akismet: spam');
  });

  it('lets comments through when Akismet fails', async () => {
    const row = await postAs('203.0.113.53', { authorName: 'Cleo', body: 'akismet-error but a normal opinion.' });
    expect(row.status).not.toBe('spam');
  });

  it('tells Akismet about "Spam" and "Not spam" decisions', async () => {
    const row = await postAs('203.0.113.54', { authorName: 'Dev', body: 'Slow, but the photography is gorgeous.' });
    const act = (action: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/comments/${row.id}/${action}`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await act('spam')).statusCode).toBe(200);
    expect(await until(() => fake.calls.some((c) => c.path === '/1.1/submit-spam'))).toBe(true);
    expect((await act('not-spam')).statusCode).toBe(200);
    expect(await until(() => fake.calls.some((c) => c.path === '/1.1/submit-ham'))).toBe(true);
    const ham = fake.calls.find((c) => c.path === '/1.1/submit-ham')!;
    expect(ham.form.get('comment_content')).toBe('Slow, but the photography is gorgeous.');
  });

  it('says on /privacy that comments go to Akismet', async () => {
    const privacy = (await t.app.inject({ url: '/privacy' })).body;
    expect(privacy).toContain('This site also uses Akismet');
    expect(privacy).not.toContain('No third party receives your comment');
  });
});
