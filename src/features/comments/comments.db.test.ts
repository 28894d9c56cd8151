import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { createApiTokenForEmail, createUser } from '../accounts/index.js';
import { eraseCommenter, exportCommenter, runCommentPurge } from './index.js';

const URL = '/api/v1/films/the-comment-film/comments';

async function visitorOnFilm(t: TestApp, ip: string) {
  const v = new TestVisitor(t.app, ip);
  const page = await v.request({ url: '/film/the-comment-film' });
  v.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return v;
}

const comment = (overrides: Record<string, unknown> = {}) => ({
  authorName: 'Ana Lima',
  authorEmail: 'ana@example.org',
  body: 'A lovely film about a father and his daughter.',
  ...overrides,
});

describeEachDialect('comments', (dialect) => {
  let t: TestApp;
  let token: string;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [buildFilm({ title: 'The Comment Film', year: 2013 })]);
    await createUser(
      t.t.db,
      { email: 'mod@example.org', password: 'moderating all day long', role: 'moderator' },
      { id: null, label: 'cli' },
      clock.now(),
    );
    token = (await createApiTokenForEmail(t.t.db, 'mod@example.org', 'tests', clock.now())).token;
  });
  afterAll(async () => t.close());

  const moderateApi = (id: number, action: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${id}/${action}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('holds a first comment for moderation, shown only to its author, until a moderator approves it', async () => {
    const author = await visitorOnFilm(t, '203.0.113.1');
    const posted = await author.api('POST', URL, comment());
    expect(posted.statusCode).toBe(201);
    const { id, status } = posted.json();
    expect(status).toBe('pending');

    const own = await author.request({ url: '/film/the-comment-film' });
    expect(own.body).toContain('Your comment is awaiting moderation.');
    const stranger = await t.app.inject({ url: '/film/the-comment-film' });
    expect(stranger.body).not.toContain('A lovely film');
    expect(stranger.body).toContain('No comments yet');
    expect((await author.request({ url: URL })).json().items[0]).toMatchObject({ id, status: 'pending' });
    expect((await t.app.inject({ url: URL })).json()).toEqual({ items: [], count: 0 });

    const queue = await t.app.inject({
      url: '/api/v1/admin/comments?status=pending',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(queue.json().items[0]).toMatchObject({ id, reasons: ['First comment from this email address'] });
    expect((await moderateApi(id, 'approve')).json()).toEqual({ id, status: 'approved' });

    const after = await t.app.inject({ url: '/film/the-comment-film' });
    expect(after.body).toContain('A lovely film about a father and his daughter.');
    expect(after.body).toContain('1 comment');
    // The email address is never shown.
    expect(after.body).not.toContain('ana@example.org');
    const movie = [...after.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
      .map((m) => JSON.parse(m[1]!))
      .find((d) => d['@type'] === 'Movie');
    expect(movie.commentCount).toBe(1);
  });

  it('approves an author with an earlier approved comment directly, and threads replies', async () => {
    const author = await visitorOnFilm(t, '203.0.113.2');
    const first = (await t.app.inject({ url: URL })).json().items[0];
    const reply = await author.api(
      'POST',
      URL,
      comment({ body: 'Replying to myself, as one does.', parentId: first.id }),
    );
    expect(reply.json().status).toBe('approved');
    const tree = (await t.app.inject({ url: URL })).json();
    expect(tree.count).toBe(2);
    expect(tree.items[0].replies[0]).toMatchObject({ body: 'Replying to myself, as one does.', parentId: first.id });
  });

  it('holds comments with too many links or moderation words, and trashes disallowed words', async () => {
    const v = await visitorOnFilm(t, '203.0.113.3');
    const links = await v.api(
      'POST',
      URL,
      // Three links in real sentences: held, not filed as spam (the spam filter scores a bare list of links higher).
      comment({
        body: 'The three reviews I liked most: http://a.example http://b.example and http://c.example, all on the ending.',
      }),
    );
    expect(links.json().status).toBe('pending');
    const row = await t.t.db
      .selectFrom('comments')
      .select('reasons')
      .where('id', '=', links.json().id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.reasons)).toContain('3 links (more than 2)');
  });

  it('keeps what was typed and names each bad field (JavaScript off), and answers the API with field errors', async () => {
    const v = await visitorOnFilm(t, '203.0.113.4');
    const page = await v.form('/film/the-comment-film/comments', {
      authorName: 'Bea',
      authorEmail: 'not-an-email',
      authorUrl: 'javascript:alert(1)',
      body: 'x',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Email: enter an address like name@example.com.');
    expect(page.body).toContain('Website: enter a web address starting with http:// or https://.');
    expect(page.body).toContain('Comment: write at least 2 characters.');
    expect(page.body).toContain('value="Bea"');
    expect(page.body).toContain('value="not-an-email"');
    const api = await v.api('POST', URL, { authorName: '', authorEmail: 'x@y.z', body: 'Fine text' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields).toEqual({ authorName: 'Name is required.' });
  });

  it('posts with JavaScript off, saves the details cookie when asked, and refills the form', async () => {
    const v = await visitorOnFilm(t, '203.0.113.5');
    const posted = await v.form('/film/the-comment-film/comments', {
      authorName: 'Ana Lima',
      authorEmail: 'ana@example.org',
      authorUrl: 'https://ana.example/',
      body: 'Posted without JavaScript.',
      saveDetails: '1',
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(/^\/film\/the-comment-film#comment-\d+$/);
    const page = await v.request({ url: '/film/the-comment-film' });
    expect(page.body).toContain('Thanks! Your comment is published.');
    expect(page.body).toContain('value="https://ana.example/"');
    expect(page.body).toMatch(/id="comment-save"[^>]*checked/);
  });

  it('renders bodies as plain text with safe links', async () => {
    const v = await visitorOnFilm(t, '203.0.113.6');
    const posted = await v.api(
      'POST',
      URL,
      comment({
        body: "<script>alert(1)</script> <b>bold?</b>\nLine two: I read the director's interview about this film at https://example.com/x.\n\nPara two: the acting and the photography are superb.",
        authorUrl: 'https://ana.example/',
      }),
    );
    expect(posted.json().status).toBe('approved');
    const page = (await t.app.inject({ url: '/film/the-comment-film' })).body;
    expect(page).toContain('&lt;script>alert(1)&lt;/script> &lt;b>bold?&lt;/b><br/>');
    expect(page).toContain('<a href="https://example.com/x" rel="nofollow ugc noopener">https://example.com/x</a>.');
    expect(page).toContain('<p>Para two: the acting and the photography are superb.</p>');
    expect(page).not.toContain('<script>alert(1)');
  });

  it('refuses duplicates (409) and floods (429 with Retry-After)', async () => {
    const v = await visitorOnFilm(t, '203.0.113.7');
    const body = comment({ authorEmail: 'dup@example.org', body: 'The exact same words twice.' });
    expect((await v.api('POST', URL, body)).statusCode).toBe(201);
    const again = await v.api('POST', URL, { ...body, body: '  the EXACT same   words twice. ' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate_comment');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await v.api('POST', URL, comment({ authorEmail: 'f@example.org', body: `Flood ${i} words` }))).statusCode,
      );
    expect(statuses.at(-1)).toBe(429);
  });

  it('exports and erases a commenter’s data', async () => {
    const data = await exportCommenter(t.t.db, 'ANA@example.org', clock.now());
    expect(data.exportedAt).toBe(clock.now().toISOString());
    expect(data.comments.length).toBeGreaterThan(2);
    expect(data.comments[0]).toMatchObject({ authorEmail: 'ana@example.org', authorName: 'Ana Lima' });
    const writer = createWriter(t.t.db, {
      invalidate() {},
      effectFailed(error) {
        throw error;
      },
    });
    const count = await writer.write((uow) =>
      eraseCommenter(uow, 'ana@example.org', 'anonymise', { id: null, label: 'test' }, clock.now()),
    );
    expect(count).toBe(data.comments.length);
    // Erased outside the app (as the CLI does): cached pages notice within a second (docs/decisions/002).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const page = (await t.app.inject({ url: '/film/the-comment-film' })).body;
    expect(page).not.toContain('Ana Lima');
    expect(page).toContain('Anonymous');
    expect((await exportCommenter(t.t.db, 'ana@example.org', clock.now())).comments).toEqual([]);
    const rows = await t.t.db.selectFrom('comments').selectAll().where('author_name', '=', 'Anonymous').execute();
    expect(
      rows.every((r) => r.ip_hash === null && r.user_agent === null && r.author_url === null && r.author_email === ''),
    ).toBe(true);
  });

  it('purges trash after 30 days and drops IP hashes after 60, nothing else', async () => {
    const v = await visitorOnFilm(t, '203.0.113.8');
    const trashed = (
      await v.api('POST', URL, comment({ authorEmail: 'trash@example.org', body: 'Going to the trash.' }))
    ).json().id;
    expect((await moderateApi(trashed, 'trash')).json().status).toBe('trash');
    const before = await t.t.db.selectFrom('comments').select('id').execute();
    clock.advance(31 * 86_400_000);
    const first = await runCommentPurge({
      db: t.t.db,
      clock,
      settings: async () => (await import('../settings/index.js')).DEFAULT_SETTINGS,
    });
    expect(first.deleted).toBe(1);
    const after = await t.t.db.selectFrom('comments').select('id').execute();
    expect(after.length).toBe(before.length - 1);
    clock.advance(30 * 86_400_000);
    await runCommentPurge({
      db: t.t.db,
      clock,
      settings: async () => (await import('../settings/index.js')).DEFAULT_SETTINGS,
    });
    const hashes = await t.t.db.selectFrom('comments').select('ip_hash').where('ip_hash', 'is not', null).execute();
    expect(hashes).toEqual([]);
  });

  it('publishes approved comments only in the comment feeds, and the privacy page says what is stored', async () => {
    const feed = parseFeed((await t.app.inject({ url: '/film/the-comment-film/comments/feed.xml' })).body);
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => !(i.description ?? '').includes('Going to the trash'))).toBe(true);
    const privacy = (await t.app.inject({ url: '/privacy' })).body;
    expect(privacy).toContain('Your email address is never shown');
    expect(privacy).toContain('deleted after 60 days');
    expect(privacy).toContain('No third party receives your comment');
  });
  it('publishes a reply from the site at once, and approves the comment it answers', async () => {
    const v = await visitorOnFilm(t, '203.0.113.9');
    const held = (
      await v.api('POST', URL, comment({ authorEmail: 'new@example.org', body: 'A question for the site.' }))
    ).json();
    expect(held.status).toBe('pending');
    const mod = await logIn(t, MODERATOR, '203.0.113.10');
    const replied = await mod.form(`/admin/comments/${held.id}/reply`, { body: 'An answer from the site.' });
    expect(replied.statusCode).toBe(303);
    const thread = (await t.app.inject({ url: URL })).json().items.find((c: { id: number }) => c.id === held.id);
    expect(thread).toMatchObject({ body: 'A question for the site.', replies: [{ body: 'An answer from the site.' }] });
    expect(thread.status).toBeUndefined();
  });

  it('deletes through the API with a bare 204, and the OpenAPI document describes every comments answer', async () => {
    const v = await visitorOnFilm(t, '203.0.113.11');
    const { id } = (await v.api('POST', URL, comment({ authorEmail: 'gone@example.org', body: 'Soon gone.' }))).json();
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/comments/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await moderateApi(id, 'approve')).statusCode).toBe(404);

    const paths = (await t.app.inject({ url: '/api/openapi.json' })).json().paths as Record<
      string,
      Record<string, { responses?: Record<string, unknown> }>
    >;
    const operations = Object.entries(paths)
      .filter(([path]) => path.includes('comments'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(9);
    for (const { path, method, op } of operations) {
      const statuses = Object.keys(op.responses ?? {});
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${method} ${path}`,
      ).toBe(true);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '404']));
    }
  });
});
