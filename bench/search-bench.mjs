// Search latency at the server over the whole Wikipedia movie data set (36,273 films): imports it into a fresh
// SQLite database with `node dist/cli.js import` (one child per decade file, as bench/import-bench.mjs does), serves it
// with `node dist/cli.js serve`, then sends a mixed set of queries (exact titles, prefixes, typos, people, plot words,
// accents, numerals) one at a time over one keep-alive connection and times each answer: p50/p95 per endpoint.
// Sequential requests on loopback, so each time is the server's work plus a loopback round trip (~0.1 ms): an upper
// bound on the time at the server. Usage: node bench/search-bench.mjs   (env: BENCH_SEARCH_ROUNDS=20;
// BENCH_SEARCH_DB=path/to/file.db reuses a database that already holds the data set and skips the import)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { findDataFiles } from './import-bench.mjs';
import { CLI, fmt, freePort, runCommand, startChild, stopChild, waitFor } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 20);
export const SEARCH_P95_TARGET_MS = 15;

/** What visitors type: each kind the relevance set covers, on films of the full data set. */
export const QUERIES = [
  'the shawshank redemption',
  'shawsh',
  'shawshank redemtion',
  'les miserables',
  'arsene lupin',
  'quiet place',
  'godfather part 2',
  'casablanca',
  'pulp fict',
  'inception',
  'the matrix',
  'back to the future',
  'jaws',
  'goodfelas',
  'casablance',
  'tom hanks',
  'humphrey bogart',
  'keanu reeves',
  'martin scorsese',
  'meryl streep',
  'alfred hitchcock',
  'bank robbery',
  'haunted house',
  'time travel',
  'prison escape',
  'love',
  'the',
  'star wars',
  'batman',
  'christmas',
  // Issue 19's kinds: inner punctuation left out, title and year, title word and person, two people, a misspelled
  // title with a person.
  'spiderman',
  'little women 1994',
  'alien weaver',
  'tom hanks meg ryan',
  'godfater brando',
];

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function timeRequests(base, pathFor) {
  const times = [];
  const slowest = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const started = performance.now();
      const response = await fetch(base + pathFor(q));
      await response.arrayBuffer();
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`${pathFor(q)} answered ${response.status}`);
      if (round > 0) {
        // Round 0 warms the statement cache and the OS page cache; it is not counted.
        times.push(ms);
        slowest.set(q, Math.max(slowest.get(q) ?? 0, ms));
      }
    }
  }
  times.sort((a, b) => a - b);
  const worst = [...slowest.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1), worst };
}

export async function benchSearch(log = console.log) {
  const found = findDataFiles();
  // A database that already holds the data set needs no data files.
  if (found.skip && !process.env.BENCH_SEARCH_DB) return { skipped: found.skip };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bench-search-'));
  const reuse = process.env.BENCH_SEARCH_DB;
  const dbFile = reuse ? path.resolve(reuse) : path.join(dir, 'search.db');
  const databaseUrl = `sqlite:${dbFile}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  let server;
  try {
    const importStarted = performance.now();
    for (const file of reuse ? [] : found.files) {
      const result = await runCommand(
        process.execPath,
        [CLI, 'import', file, '--format', 'wikipedia-json', '--no-related'],
        env,
      );
      if (result.code !== 0 && result.code !== 1) throw new Error(`import of ${file} failed:\n${result.stderr}`);
    }
    const importSeconds = (performance.now() - importStarted) / 1000;
    const db = new Database(dbFile, { readonly: true });
    const films = db.prepare('select count(*) from films').pluck().get();
    db.close();
    log(
      reuse
        ? `  ${fmt(films)} films in ${reuse} (BENCH_SEARCH_DB: import skipped)`
        : `  imported ${fmt(films)} films from ${found.files.length} files in ${importSeconds.toFixed(1)} s (search index kept by triggers)`,
    );

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startChild([CLI, 'serve'], {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      IMPORT_DEMO: 'off',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      COOKIE_SECRET: 'bench-cookie-secret-bench-cookie-secret-0123',
    });
    await waitFor(`${base}/healthz`, server);

    log(`  ${QUERIES.length} queries × ${ROUNDS - 1} rounds (after one warm-up round), one at a time, keep-alive`);
    const api = await timeRequests(base, (q) => `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`);
    const page = await timeRequests(base, (q) => `/search?q=${encodeURIComponent(q)}`);
    const suggest = await timeRequests(
      base,
      (q) => `/api/v1/search/suggestions?q=${encodeURIComponent(q.slice(0, 5))}`,
    );
    const line = (name, r) =>
      log(
        `  ${name.padEnd(34)} p50 ${r.p50.toFixed(2).padStart(6)} ms  p95 ${r.p95.toFixed(2).padStart(6)} ms  max ${r.max
          .toFixed(1)
          .padStart(6)} ms  (${fmt(r.requests)} requests; slowest: ${r.worst
          .map(([q, ms]) => `"${q}" ${ms.toFixed(1)}`)
          .join(', ')})`,
      );
    line('GET /api/v1/search?q=…&limit=10', api);
    line('GET /search?q=… (HTML page)', page);
    line('GET /api/v1/search/suggestions?q=…', suggest);
    const pass = api.p95 <= SEARCH_P95_TARGET_MS;
    log(
      `  target: p95 ≤ ${SEARCH_P95_TARGET_MS} ms for the API on SQLite: ${pass ? 'met' : 'MISSED'} (films: ${fmt(films)})`,
    );
    return { films, importSeconds, api, page, suggest, target: SEARCH_P95_TARGET_MS, pass };
  } finally {
    if (server) await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchSearch();
  if (result.skipped) console.log(`  skipped: ${result.skipped}`);
  else if (!result.pass) process.exitCode = 1;
}
