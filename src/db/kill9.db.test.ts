// Kill -9 under write load: every write the server acknowledged (2xx) must be stored after it restarts on the same
// database. The real server (dist/cli.js serve, `npm run build` first) as a child process, real HTTP with CSRF.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { freePort, type RunningServer, startServer } from '../../test/support/server.js';

const FILMS = 40;
const WORKERS = 6;
/** Acknowledged writes after which the server is killed, while every worker still has writes in flight. */
const KILL_AFTER_ACKS = 120;

type Write =
  | { kind: 'like'; visitor: string; slug: string }
  | { kind: 'vote'; visitor: string; slug: string; stars: number }
  | { kind: 'comment'; visitor: string; slug: string; id: number; body: string };

/** One visitor: its cookies and CSRF token, as a browser's script keeps them. */
async function startVisitor(origin: string) {
  const res = await fetch(`${origin}/api/v1/session`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken, visitor } = (await res.json()) as { csrfToken: string; visitor: string };
  const send = (method: string, url: string, body?: unknown) =>
    fetch(`${origin}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  return { visitor, send };
}

describeEachDialect('kill -9 under write load', (dialect) => {
  let t: TestDatabase;
  let server: RunningServer | undefined;
  let env: Record<string, string>;
  const slugs = Array.from({ length: FILMS }, (_, i) => `kill-test-film-${i + 1}`);

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(
      t.db,
      slugs.map((_, i) => buildFilm({ title: `Kill Test Film ${i + 1}` })),
    );
    env = {
      ...t.env,
      DATABASE_URL: t.databaseUrl,
      IMPORT_DEMO: 'off',
      // The limits are not what this test is about: let one visitor write as fast as it can.
      WRITES_PER_VISITOR_PER_MINUTE: '100000',
      WRITES_PER_IP_PER_MINUTE: '100000',
      COMMENTS_PER_VISITOR_PER_MINUTE: '100000',
      COMMENTS_PER_IP_PER_MINUTE: '100000',
    };
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  it('keeps every acknowledged like, vote and comment', async () => {
    const port = await freePort();
    server = await startServer({ env, port });
    const acked: Write[] = [];
    let killing: Promise<void> | undefined;
    const running = server;

    const worker = async (w: number) => {
      const { visitor, send } = await startVisitor(running.origin);
      try {
        // Each film once per kind and visitor: a later unacknowledged write can never overwrite an acknowledged one.
        for (const slug of slugs) {
          const like = await send('POST', `/api/v1/films/${slug}/like`);
          if (like.ok) acked.push({ kind: 'like', visitor, slug });
          const stars = 1 + ((w + slug.length) % 5);
          const vote = await send('PUT', `/api/v1/films/${slug}/rating`, { stars });
          if (vote.ok) acked.push({ kind: 'vote', visitor, slug, stars });
          const body = `Comment from worker ${w} on ${slug}: worth a look.`;
          const comment = await send('POST', `/api/v1/films/${slug}/comments`, {
            authorName: `Worker ${w}`,
            authorEmail: `worker${w}@example.com`,
            body,
          });
          if (comment.ok) acked.push({ kind: 'comment', visitor, slug, id: (await comment.json()).id, body });
          if (acked.length >= KILL_AFTER_ACKS) killing ??= running.kill();
        }
      } catch {
        // The server died under this request: it was never acknowledged.
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    expect(killing, 'the server was killed mid-stream').toBeDefined();
    await killing;
    expect(running.state()).toMatch(/exited \(SIGKILL\)/);
    const kinds = new Set(acked.map((a) => a.kind));
    expect([...kinds].sort(), 'every kind of write was acknowledged at least once').toEqual([
      'comment',
      'like',
      'vote',
    ]);

    // Restart on the same database (same port: what a supervisor does), then count.
    server = await startServer({ env, port });
    const films = new Map(
      (await t.db.selectFrom('films').select(['id', 'slug']).execute()).map((f) => [f.slug, f.id] as const),
    );
    const likes = new Set(
      (await t.db.selectFrom('film_likes').select(['film_id', 'visitor_id']).execute()).map(
        (r) => `${r.film_id}/${r.visitor_id}`,
      ),
    );
    const votes = new Map<string, number>(
      (await t.db.selectFrom('film_votes').select(['film_id', 'visitor_id', 'score']).execute()).map(
        (r) => [`${r.film_id}/${r.visitor_id}`, r.score] as const,
      ),
    );
    const comments = new Map(
      (await t.db.selectFrom('comments').select(['id', 'body']).execute()).map((r) => [r.id, r.body] as const),
    );
    const lost = acked.filter((a) => {
      const key: string = `${films.get(a.slug)}/${a.visitor}`;
      if (a.kind === 'like') return !likes.has(key);
      if (a.kind === 'vote') return votes.get(key) !== a.stars * 2;
      return comments.get(a.id) !== a.body;
    });
    expect(lost, `${lost.length} of ${acked.length} acknowledged writes lost`).toEqual([]);

    // The restarted server shows them: per-film like counts include every acknowledged like.
    const slug = acked.find((a) => a.kind === 'like')!.slug;
    const film = (await (await fetch(`${server.origin}/api/v1/films/${slug}`)).json()) as { likes: number };
    expect(film.likes).toBeGreaterThanOrEqual(acked.filter((a) => a.kind === 'like' && a.slug === slug).length);
  }, 60_000);
});
