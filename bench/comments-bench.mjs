// Comment POST throughput through the real JSON API (moderation rules and spam checks included), and a warm film page
// carrying 200 comments against a bare node:http server sending the same bytes. Targets: ≥ 1,000 comments/s on
// SQLite; the film-page ratio at or above the foundation's 0.5.   Usage: node bench/comments-bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import Database from 'better-sqlite3';
import {
  CLI,
  ensureWrk,
  fmt,
  freePort,
  median,
  ROOT,
  runCommand,
  runWrk,
  startChild,
  stopChild,
  waitFor,
} from './lib.mjs';

const SECRET = 'bench-secret-bench-secret-bench-secret-000';
const POST_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
export const COMMENT_POST_TARGET = 1000;
const SENDERS = 40_000;

export async function benchComments(log = console.log) {
  ensureWrk();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-comments-'));
  const dbFile = path.join(dir, 'comments.db');
  const [port, barePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const server = startChild([CLI, 'serve'], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${dbFile}`,
    IMPORT_DEMO: 'on',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    COOKIE_SECRET: SECRET,
    // A thousand comments a second come from many people, not from one: each request carries its own visitor and
    // address (X-Forwarded-For, as behind a reverse proxy), so the default rate limits and flood checks stay on and
    // count what they would count on a busy real site. Lifting the limits for a single sender instead made every
    // flood check count thousands of that sender's rows, which no real site sees.
    TRUST_PROXY: 'on',
  });
  let bare;
  try {
    await waitFor(`${base}/healthz`, server);
    const session = await fetch(`${base}/api/v1/session`);
    const { csrfToken } = await session.json();
    const csrfCookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rh_csrf='));
    const db = new Database(dbFile, { readonly: true });
    const slugs = db.prepare('select slug from films order by id limit 300').pluck().all();
    db.close();
    // More senders than the run posts comments, so nobody reaches a per-visitor or per-address limit.
    const visitors = Array.from({ length: SENDERS }, (_, i) =>
      encodeURIComponent(fastifyCookie.sign(`bench-commenter-${i}`, SECRET)),
    );

    // Every request a different text (duplicates would be refused), visitor and email.
    const lua = `
local slugs = { ${slugs.map((s) => `"${s}"`).join(',')} }
local visitors = { ${visitors.map((v) => `"${v}"`).join(',')} }
local n = 0
request = function()
  n = n + 1
  local slug = slugs[(n * 7919) % #slugs + 1]
  local visitor = visitors[n % #visitors + 1]
  local address = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  local body = '{"authorName":"Bench Reader ' .. n .. '","authorEmail":"reader' .. (n % 5000) .. '@example.org",' ..
    '"body":"Comment number ' .. n .. ': the score and the photography carry this film further than its plot."}'
  local headers = {}
  headers["content-type"] = "application/json"
  headers["x-csrf-token"] = "${csrfToken}"
  headers["cookie"] = "${csrfCookie}; rh_visitor=" .. visitor
  headers["x-forwarded-for"] = address
  return wrk.format("POST", "/api/v1/films/" .. slug .. "/comments", headers, body)
end
`;
    const script = path.join(dir, 'comments.lua');
    fs.writeFileSync(script, lua);
    const wrk = await runCommand('wrk', ['-t1', '-c32', `-d${POST_SECONDS}s`, '-s', script, `${base}/`], process.env);
    const postsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrk.stdout)?.[1] ?? 0);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(wrk.stdout)?.[1] ?? 0);
    const requests = Number(/(\d+) requests in/.exec(wrk.stdout)?.[1] ?? 0);
    if (requests > SENDERS) log(`(${requests} requests for ${SENDERS} senders: some senders posted twice)`);
    const check = new Database(dbFile, { readonly: true });
    const stored = check.prepare('select status, count(*) as n from comments group by status').all();
    check.close();
    log(`Comment POSTs: ${fmt(postsPerSecond)}/s (target ≥ ${fmt(COMMENT_POST_TARGET)}), non-2xx ${non2xx}`);
    log(`  stored by status: ${stored.map((r) => `${r.status} ${r.n}`).join(', ')}`);

    // A film with 200 approved comments, all on its first page: 50 threads (the page size) of one comment and three
    // replies each.
    const filmSlug = slugs[0];
    const writable = new Database(dbFile);
    const filmId = writable.prepare('select id from films where slug = ?').pluck().get(filmSlug);
    writable.prepare('delete from comments where film_id = ?').run(filmId);
    const insert = writable.prepare(
      `insert into comments (film_id, parent_id, author_name, author_email, author_url, body, status, reasons, spam_score,
        body_hash, visitor_id, ip_hash, user_agent, created_at, updated_at, status_changed_at)
       values (?, ?, ?, ?, null, ?, 'approved', '[]', null, ?, null, null, null, ?, ?, ?)`,
    );
    const ids = [];
    writable.transaction(() => {
      for (let i = 0; i < 200; i++) {
        const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
        const parent = i < 50 ? null : ids[i % 50];
        const info = insert.run(
          filmId,
          parent,
          `Reader ${i}`,
          `r${i}@example.org`,
          `Thoughts number ${i} on this film, with a second sentence.`,
          `h${i}`,
          at,
          at,
          at,
        );
        ids.push(Number(info.lastInsertRowid));
      }
      writable
        .prepare(
          "insert into site_state (key, value) values ('version:comments', ?) on conflict(key) do update set value = excluded.value",
        )
        .run(`bench-${Date.now()}`);
    })();
    writable.close();
    await new Promise((r) => setTimeout(r, 1200)); // the server re-reads content versions once a second
    const url = `${base}/film/${filmSlug}`;
    await fetch(url).then((r) => r.arrayBuffer());
    const response = await fetch(url);
    const page = Buffer.from(await response.arrayBuffer());
    const commentCount = (page.toString('utf8').match(/class="comment"/g) ?? []).length;
    const bodyFile = path.join(dir, 'page.html');
    fs.writeFileSync(bodyFile, page);
    bare = startChild([path.join(ROOT, 'bench', 'bare-server.mjs'), bodyFile, String(barePort)], {
      ...process.env,
      BARE_HEADERS: JSON.stringify({
        'content-type': response.headers.get('content-type') ?? 'text/html; charset=utf-8',
      }),
    });
    await waitFor(`http://127.0.0.1:${barePort}/healthz`, bare);
    const ours = [];
    const theirs = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await runWrk(url, ROUND_SECONDS);
      const b = await runWrk(`http://127.0.0.1:${barePort}/film/${filmSlug}`, ROUND_SECONDS);
      ours.push(a.requestsPerSecond);
      theirs.push(b.requestsPerSecond);
      log(`  round ${round}: reelhouse ${fmt(a.requestsPerSecond)} req/s, bare ${fmt(b.requestsPerSecond)} req/s`);
    }
    // Paired by round, as in the film-page bench (page-bench.mjs): the median of the rounds' own ratios.
    const ratio = median(ours.map((rate, i) => rate / theirs[i]));
    log(
      `Film page with ${commentCount} comments (${fmt(page.length / 1024, 1)} KiB): reelhouse ${fmt(median(ours))} req/s, bare ${fmt(median(theirs))} req/s, ratio ${ratio.toFixed(2)} (target ≥ 0.50)`,
    );
    return {
      postsPerSecond,
      non2xx,
      stored,
      commentCount,
      pageBytes: page.length,
      reelhouse: median(ours),
      bare: median(theirs),
      ratio,
    };
  } finally {
    if (bare) await stopChild(bare);
    await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchComments();
