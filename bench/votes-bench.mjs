// Vote writes per second through the real HTTP API (PUT /api/v1/films/:slug/rating) on SQLite, driven by wrk.
// Many distinct visitors (signed cookies made with the server's own secret) vote on many films, so the writes are
// real inserts and changes, not one row rewritten. Target: ≥ 2,000 writes/s. Usage: node bench/votes-bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import Database from 'better-sqlite3';
import { CLI, ensureWrk, freePort, runCommand, startChild, stopChild, waitFor } from './lib.mjs';

const SECRET = 'bench-secret-bench-secret-bench-secret-000';
const VISITORS = 2000;
const FILMS = 300;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);

export async function benchVotes() {
  ensureWrk();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-votes-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startChild([CLI, 'serve'], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'votes.db')}`,
    IMPORT_DEMO: 'on',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    COOKIE_SECRET: SECRET,
    // The limits protect a real site from one visitor; the benchmark measures the write path itself.
    WRITES_PER_VISITOR_PER_MINUTE: '100000000',
    WRITES_PER_IP_PER_MINUTE: '100000000',
    VOTES_PER_IP_PER_FILM: '100000000',
  });
  try {
    await waitFor(`${base}/healthz`, server);
    const session = await fetch(`${base}/api/v1/session`);
    const { csrfToken } = await session.json();
    const csrfCookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rh_csrf='));
    const db = new Database(path.join(dir, 'votes.db'), { readonly: true });
    const slugs = db.prepare('select slug from films order by id limit ?').pluck().all(FILMS);
    db.close();
    const visitors = Array.from({ length: VISITORS }, (_, i) => fastifyCookie.sign(`bench-visitor-${i}`, SECRET));

    const lua = `
local slugs = { ${slugs.map((s) => `"${s}"`).join(',')} }
local visitors = { ${visitors.map((v) => `"${encodeURIComponent(v)}"`).join(',')} }
local n = 0
request = function()
  n = n + 1
  local slug = slugs[(n * 7919) % #slugs + 1]
  local visitor = visitors[(n * 104729) % #visitors + 1]
  local stars = ((n % 10) + 1) / 2
  local headers = {}
  headers["content-type"] = "application/json"
  headers["x-csrf-token"] = "${csrfToken}"
  headers["cookie"] = "${csrfCookie}; rh_visitor=" .. visitor
  return wrk.format("PUT", "/api/v1/films/" .. slug .. "/rating", headers, '{"stars":' .. stars .. '}')
end
`;
    const script = path.join(dir, 'votes.lua');
    fs.writeFileSync(script, lua);
    const { stdout: out } = await runCommand(
      'wrk',
      ['-t1', '-c32', `-d${DURATION_S}s`, '-s', script, `${base}/`],
      process.env,
    );
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);

    const check = new Database(path.join(dir, 'votes.db'), { readonly: true });
    const votes = check.prepare('select count(*) from film_votes').pluck().get();
    const mismatched = check
      .prepare(
        `select count(*) from film_rating_stats s where s.vote_count <> (select count(*) from film_votes v where v.film_id = s.film_id and v.counted = 1)
         or s.score_sum <> (select coalesce(sum(score), 0) from film_votes v where v.film_id = s.film_id and v.counted = 1)`,
      )
      .pluck()
      .get();
    check.close();
    return { writesPerSecond: rps, non2xx, votesStored: votes, aggregatesMismatched: mismatched, target: 2000 };
  } catch (error) {
    if (server.stderrText) error.message += `\nReelhouse stderr:\n${server.stderrText}`;
    throw error;
  } finally {
    await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchVotes();
  console.log('Vote writes (PUT /api/v1/films/:slug/rating, SQLite, wrk -t1 -c32):');
  console.log(`  ${r.writesPerSecond.toFixed(0)} writes/s (target ≥ ${r.target}), non-2xx: ${r.non2xx}`);
  console.log(
    `  ${r.votesStored} distinct votes stored; films whose aggregates differ from a recount: ${r.aggregatesMismatched}`,
  );
}
