import net, { type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, MODERATOR, multipart } from '../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { createApiTokenForEmail } from '../features/accounts/index.js';

/**
 * Film pages are shared by every visitor and their own parts (vote, like, saved comment details, CSRF token) are
 * filled in as the page goes out (docs/decisions/022). What must hold: each write shows on the very next request of
 * every kind of visitor, over the front cache as over Fastify; and nobody ever sees another visitor's parts.
 */

/** A browser over real HTTP (the front cache answers it) with its own cookie jar. */
class Browser {
  readonly jar = new Map<string, string>();
  csrfToken = '';
  constructor(
    private readonly origin: () => string,
    readonly ip: string,
  ) {}

  async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.origin()}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { 'x-forwarded-for': this.ip, ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || attributes.some((a) => /max-age=0\b/i.test(a.trim()))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return {
      status: response.status,
      cache: response.headers.get('x-page-cache'),
      encoding: response.headers.get('content-encoding'),
      body: await response.text(),
    };
  }

  async start(): Promise<this> {
    const session = await this.fetch('/api/v1/session');
    this.csrfToken = (JSON.parse(session.body) as { csrfToken: string }).csrfToken;
    return this;
  }

  api(method: string, path: string, payload?: unknown) {
    return this.fetch(path, {
      method,
      headers: {
        'x-csrf-token': this.csrfToken,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  }
}

/** What one copy of a film page shows as the visitor's own. */
function ownParts(body: string) {
  return {
    yours: /Your rating: <strong>([\d.]+) stars?<\/strong>/.exec(body)?.[1] ?? null,
    checked: /name="stars" id="[^"]+" value="([\d.]+)" checked[ />]/.exec(body)?.[1] ?? null,
    liked: /aria-pressed="true"/.test(body),
    name: /id="comment-authorName" name="authorName" type="text" value="([^"]*)"/.exec(body)?.[1] ?? null,
    email: /id="comment-authorEmail" name="authorEmail" type="email" value="([^"]*)"/.exec(body)?.[1] ?? null,
    token: csrfOf(body),
    votes: /rating__count">\((\d+) votes?\)/.exec(body)?.[1] ?? '0',
    likes: /class="like__count"[^>]*>([^<]*)</.exec(body)?.[1] ?? '',
  };
}

describeEachDialect('personal parts of shared pages', (dialect) => {
  let t: TestApp;
  let origin = '';
  const clock = new TestClock();
  let moderatorToken = '';
  let alphaId = 0;
  const at = () => origin;

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      {
        trustProxy: 1,
        // The machine running tests may be busy: this test is about what pages show, not about shedding load.
        shedEventLoopDelayMs: 0,
        engagement: {
          ...testConfig().engagement,
          votesPerIpPerFilm: 100,
          writesPerVisitorPerMinute: 10_000,
          writesPerIpPerMinute: 10_000,
        },
      },
      { clock },
    );
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Alpha', synopsis: 'The first film.' }),
      buildFilm({ title: 'Beta', synopsis: 'The second film.' }),
    ]);
    alphaId = (await t.t.db.selectFrom('films').select('id').where('slug', '=', 'alpha').executeTakeFirstOrThrow()).id;
    moderatorToken = (await createApiTokenForEmail(t.t.db, MODERATOR.email, 'personal', clock.now())).token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t.close());

  it('shows a vote, a like, an approved comment and an admin edit on the very next request of everyone', async () => {
    const anonymous = new Browser(at, '198.51.100.1');
    const voter = await new Browser(at, '198.51.100.2').start();
    const admin = new Browser(at, '198.51.100.3');
    const login = await admin.fetch('/admin/login');
    admin.csrfToken = csrfOf(login.body);
    const loggedIn = await admin.fetch('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: admin.csrfToken, ...ADMIN }).toString(),
    });
    expect(loggedIn.status).toBe(303);
    const everyone = [anonymous, voter, admin];
    const look = async () => Promise.all(everyone.map((b) => b.fetch('/film/alpha')));
    await look();
    // Warm: everybody, the voter included, is answered from the cache.
    for (const page of await look()) expect(page.cache).toBe('hit');

    expect((await voter.api('PUT', '/api/v1/films/alpha/rating', { stars: 4 })).status).toBe(200);
    const [a1, v1, d1] = (await look()).map((p) => ownParts(p.body));
    expect([a1!.votes, v1!.votes, d1!.votes]).toEqual(['1', '1', '1']);
    expect(v1).toMatchObject({ yours: '4', checked: '4' });
    expect(a1).toMatchObject({ yours: null, checked: null });
    expect(d1).toMatchObject({ yours: null, checked: null });
    // A returning voter is served from the cache too, their own vote filled in.
    const again = await voter.fetch('/film/alpha');
    expect(again.cache).toBe('hit');
    expect(ownParts(again.body).yours).toBe('4');

    expect((await voter.api('POST', '/api/v1/films/alpha/like')).status).toBe(200);
    const [a2, v2, d2] = (await look()).map((p) => ownParts(p.body));
    for (const parts of [a2, v2, d2]) expect(parts!.likes).toBe('1 person likes this');
    expect([a2!.liked, v2!.liked, d2!.liked]).toEqual([false, true, false]);

    const commenter = await new Browser(at, '198.51.100.4').start();
    everyone.push(commenter);
    const posted = await commenter.api('POST', '/api/v1/films/alpha/comments', {
      authorName: 'Ana Commenter',
      authorEmail: 'ana@example.org',
      body: 'A comment worth approving.',
      saveDetails: true,
    });
    expect(posted.status).toBe(201);
    const id = (JSON.parse(posted.body) as { id: number }).id;
    const approved = await fetch(`${origin}/api/v1/admin/comments/${id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderatorToken}` },
    });
    expect(approved.status).toBe(200);
    const afterComment = await look();
    for (const page of afterComment) expect(page.body).toContain('A comment worth approving.');
    // The commenter's saved details are theirs alone.
    expect(ownParts(afterComment[3]!.body)).toMatchObject({ name: 'Ana Commenter', email: 'ana@example.org' });
    expect(ownParts(afterComment[0]!.body)).toMatchObject({ name: '', email: '' });
    expect(ownParts(afterComment[1]!.body)).toMatchObject({ name: '', email: '' });

    const category = await t.t.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    const edit = await admin.fetch(`/admin/films/${alphaId}`);
    admin.csrfToken = csrfOf(edit.body);
    const form = multipart({
      _csrf: admin.csrfToken,
      title: 'Alpha',
      year: '2000',
      synopsis: 'The first film, edited.',
      origin: 'United States',
      language: 'English',
      categoryIds: String(category.id),
      primaryCategoryId: '',
      genreIds: [],
      directors: '',
      cast: '',
    });
    const saved = await admin.fetch(`/admin/films/${alphaId}`, {
      method: 'POST',
      headers: form.headers,
      body: new Uint8Array(form.payload),
    });
    expect(saved.status).toBe(303);
    const afterEdit = await Promise.all(everyone.map((b) => b.fetch('/film/alpha')));
    for (const page of afterEdit) expect(page.body).toContain('The first film, edited.');
    expect(ownParts(afterEdit[1]!.body)).toMatchObject({ yours: '4', liked: true });
  });

  it('never shows a visitor another visitor’s stars, like, name, email or token', async () => {
    const visitors = await Promise.all(
      [0, 1, 2].map(async (n) => {
        const browser = await new Browser(at, `198.51.100.${20 + n}`).start();
        const posted = await browser.api('POST', '/api/v1/films/beta/comments', {
          authorName: `Visitor ${n}`,
          authorEmail: `visitor${n}@example.org`,
          body: `Held comment number ${n} for the record.`,
          saveDetails: true,
        });
        expect(posted.status, posted.body).toBe(201);
        return browser;
      }),
    );
    // Their held comments are on Beta; Alpha is where the property is checked.
    const model = visitors.map(() => ({ stars: null as number | null, liked: false }));
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('vote' as const),
        who: fc.nat(2),
        stars: fc.integer({ min: 1, max: 10 }).map((n) => n / 2),
      }),
      fc.record({ kind: fc.constant('unvote' as const), who: fc.nat(2) }),
      fc.record({ kind: fc.constant('like' as const), who: fc.nat(2), liked: fc.boolean() }),
      fc.record({ kind: fc.constant('look' as const), who: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
        for (const step of actions) {
          const browser = visitors[step.who]!;
          const mine = model[step.who]!;
          if (step.kind === 'vote') {
            expect((await browser.api('PUT', '/api/v1/films/alpha/rating', { stars: step.stars })).status).toBe(200);
            mine.stars = step.stars;
          } else if (step.kind === 'unvote') {
            expect((await browser.api('DELETE', '/api/v1/films/alpha/rating')).status).toBe(200);
            mine.stars = null;
          } else if (step.kind === 'like') {
            expect((await browser.api(step.liked ? 'POST' : 'DELETE', '/api/v1/films/alpha/like')).status).toBe(200);
            mine.liked = step.liked;
          } else {
            const page = ownParts((await browser.fetch('/film/alpha')).body);
            const expected = mine.stars === null ? null : String(mine.stars);
            expect(page.yours).toBe(expected);
            expect(page.checked).toBe(expected);
            expect(page.liked).toBe(mine.liked);
            expect(page.name).toBe(`Visitor ${step.who}`);
            expect(page.email).toBe(`visitor${step.who}@example.org`);
            expect(page.token).toBe(browser.csrfToken);
          }
        }
      }),
      { numRuns: 12 },
    );
    // And their own held comment shows to them alone, on a page rendered for them.
    const own = await visitors[0]!.fetch('/film/beta');
    expect(own.body).toContain('Held comment number 0');
    expect(own.body).not.toContain('Held comment number 1');
    expect(own.cache).toBeNull();
  });

  it('shows each voter their own vote on the next request, concurrently, in every encoding', async () => {
    // Many voters write and at once read the page back while others read it too: the page is retired and rendered
    // again, its per-variant templates are made and (after a few compressed answers) compressed off the event loop,
    // and answers reuse buffers (decision 040). Each answer, br, gzip or identity, must show its visitor's own parts.
    const voters = await Promise.all(
      Array.from({ length: 8 }, (_, n) => new Browser(at, `198.51.100.${40 + n}`).start()),
    );
    const readers = await Promise.all(
      Array.from({ length: 3 }, (_, n) => new Browser(at, `198.51.100.${60 + n}`).start()),
    );
    const model = voters.map(() => ({ stars: null as number | null, liked: false }));
    const encodings = ['br', 'gzip', ''];
    const seenEncodings = new Set<string>();
    const check = (page: { status: number; encoding: string | null; body: string }, who: number, what: string) => {
      expect(page.status, what).toBe(200);
      seenEncodings.add(page.encoding ?? 'identity');
      const own = ownParts(page.body);
      const mine = who >= 0 ? model[who]! : { stars: null, liked: false };
      const browser = who >= 0 ? voters[who]! : readers[-1 - who]!;
      const expected = mine.stars === null ? null : String(mine.stars);
      expect({ yours: own.yours, checked: own.checked, liked: own.liked }, what).toEqual({
        yours: expected,
        checked: expected,
        liked: mine.liked,
      });
      // Every form's token is theirs.
      const tokens = new Set([...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]));
      expect([...tokens], what).toEqual([browser.csrfToken]);
    };
    const read = async (who: number, encoding: string, what: string) => {
      const browser = who >= 0 ? voters[who]! : readers[-1 - who]!;
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      check(await browser.fetch('/film/alpha', { headers }), who, `${what} (${encoding || 'identity'})`);
    };
    for (let round = 0; round < 3; round++) {
      // Half of the voters write and read back at once, while the others read (the page is retired meanwhile).
      await Promise.all([
        ...voters.map(async (browser, who) => {
          const mine = model[who]!;
          if ((who + round) % 2 === 0) {
            const stars = ((who * 3 + round * 7) % 10) / 2 + 0.5;
            expect((await browser.api('PUT', '/api/v1/films/alpha/rating', { stars })).status).toBe(200);
            mine.stars = stars;
            await Promise.all(encodings.map((e) => read(who, e, `voter ${who} voted, round ${round}`)));
            const liked = (who + round) % 4 === 0;
            expect((await browser.api(liked ? 'POST' : 'DELETE', '/api/v1/films/alpha/like')).status).toBe(200);
            mine.liked = liked;
          }
          await Promise.all(encodings.map((e) => read(who, e, `voter ${who} liked, round ${round}`)));
        }),
        ...readers.map(async (_, n) => {
          for (let i = 0; i < 3; i++)
            await Promise.all(encodings.map((e) => read(-1 - n, e, `reader ${n}, round ${round}, read ${i}`)));
        }),
      ]);
      // Then no writes: everybody reads, past the few compressed answers after which a template is compressed.
      const everyone = [...voters.keys(), ...readers.map((_, n) => -1 - n)];
      for (let i = 0; i < 8; i++)
        await Promise.all(
          everyone.flatMap((who) => encodings.map((e) => read(who, e, `${who}, round ${round}, quiet read ${i}`))),
        );
    }
    // The brotli templates, built off the event loop, are reached too (not only the per-response gzip before them):
    // every voter reads on, each answer checked, until theirs comes as br.
    await Promise.all(
      voters.map(async (browser, who) => {
        for (let i = 0; i < 200; i++) {
          const page = await browser.fetch('/film/alpha', { headers: { 'accept-encoding': 'br' } });
          check(page, who, `voter ${who}, br read ${i}`);
          if (page.encoding === 'br') return;
        }
        throw new Error(`voter ${who} got no br answer`);
      }),
    );
    expect([...seenEncodings].sort()).toEqual(['br', 'gzip', 'identity']);
    // ~600 requests: 9–12 s alone, over the 20 s default when other test files share the machine's two cores.
  }, 60_000);

  it('shows each voter their own stars on a page stored before they looked, and others the plain page', async () => {
    // A stored page carries only the anonymous variant of each personal part; a voter's is rendered on their first
    // request (decision 046). Ten voters, one per star value, on a page stored by an anonymous visitor: each sees
    // their own stars, answered from the cache; the anonymous visitor and a voter of another film see no stars, and
    // the same page byte for byte but for their own hidden values (token, stamp).
    const anonymous = new Browser(at, '198.51.100.80');
    const elsewhere = await new Browser(at, '198.51.100.81').start();
    expect((await elsewhere.api('PUT', '/api/v1/films/alpha/rating', { stars: 2 })).status).toBe(200);
    const values = Array.from({ length: 10 }, (_, n) => (n + 1) / 2);
    const voters = await Promise.all(values.map((_, n) => new Browser(at, `198.51.100.${82 + n}`).start()));
    for (const [n, voter] of voters.entries())
      expect((await voter.api('PUT', '/api/v1/films/beta/rating', { stars: values[n] })).status).toBe(200);
    const stored = await anonymous.fetch('/film/beta');
    expect(stored.cache).toBe('miss');
    const hiddenValues = (body: string) => body.replace(/(<input type="hidden" name="[^"]+" value=")[^"]*"/g, '$1"');
    for (const [n, voter] of voters.entries()) {
      for (const look of [1, 2]) {
        const page = await voter.fetch('/film/beta');
        expect(page.cache, `voter ${n}, look ${look}`).toBe('hit');
        const own = ownParts(page.body);
        expect({ yours: own.yours, checked: own.checked }).toEqual({
          yours: String(values[n]),
          checked: String(values[n]),
        });
        expect(page.body.match(/ checked/g)?.length, 'one star checked').toBe(1);
      }
    }
    for (const browser of [anonymous, elsewhere]) {
      const page = await browser.fetch('/film/beta');
      expect(page.cache).toBe('hit');
      expect({ yours: ownParts(page.body).yours, checked: ownParts(page.body).checked }).toEqual({
        yours: null,
        checked: null,
      });
      expect(hiddenValues(page.body)).toBe(hiddenValues(stored.body));
    }
    // The voter of another film still sees their own stars there.
    expect(ownParts((await elsewhere.fetch('/film/alpha')).body).yours).toBe('2');
  });

  it('never rewrites an answer’s buffer for the next visitor while the first is still being sent', async () => {
    // A hit's answer is one buffer, reused for the next answer only once Node handed all of it to the kernel (decision
    // 040). Two browsers pipeline requests and do not read, so the kernel's buffers fill and a write stays pending in
    // Node; meanwhile a third visitor is answered. Every answer must then carry its own visitor's token.
    const slow = await Promise.all([0, 1].map((n) => new Browser(at, `198.51.100.${80 + n}`).start()));
    const quick = await new Browser(at, '198.51.100.82').start();
    const port = Number(new URL(origin).port);
    const pipelined = 600;
    const connections = slow.map((browser) => {
      const socket = net.connect(port, '127.0.0.1');
      const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
      socket.write(`GET /film/alpha HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n\r\n`.repeat(pipelined));
      socket.pause();
      return socket;
    });
    for (let i = 0; i < 60; i++) expect(csrfOf((await quick.fetch('/film/alpha')).body)).toBe(quick.csrfToken);
    await Promise.all(
      connections.map(
        (socket, n) =>
          new Promise<void>((done, fail) => {
            let buffered = Buffer.alloc(0);
            let answers = 0;
            socket.on('error', fail);
            socket.on('data', (chunk: Buffer) => {
              buffered = Buffer.concat([buffered, chunk]);
              for (;;) {
                const end = buffered.indexOf('\r\n\r\n');
                if (end < 0) return;
                const length = Number(/content-length: (\d+)/i.exec(buffered.subarray(0, end).toString())?.[1]);
                if (buffered.length < end + 4 + length) return;
                const body = buffered.subarray(end + 4, end + 4 + length).toString();
                buffered = buffered.subarray(end + 4 + length);
                const tokens = new Set([...body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]));
                if (tokens.size !== 1 || !tokens.has(slow[n]!.csrfToken))
                  fail(new Error(`answer ${answers} to browser ${n} has tokens ${[...tokens].join(', ')}`));
                if (++answers === pipelined) {
                  socket.destroy();
                  done();
                }
              }
            });
            socket.resume();
          }),
      ),
    );
  });
});
