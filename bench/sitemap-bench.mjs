// Every sitemap of a large catalog, written whole (before decision 047) or streamed (after), through `serve` with
// PAGE_CACHE=off, on a PostgreSQL schema holding films (e.g. the one `bench/activity-bench.mjs` leaves with
// BENCH_ACTIVITY_KEEP=1). Generator, added when the schema has none: BENCH_SITEMAP_CATEGORIES categories (default
// 300) and 30 genres, each film linked to 2 of each (film i to categories i mod c and (7i) mod c, genres likewise),
// and one related-films row per film (else `serve` computes lists before listening); inserted with triggers off.
//
// Each build given (BENCH_SITEMAP_CLIS="label=path/to/dist/cli.js,…") is started in turn and asked for the index and
// every file it lists, BENCH_SITEMAP_ROUNDS times (default 3) without compression, then once with gzip; printed:
// each round's total, the bytes, and the server's RSS peak (VmHWM) and RSS at the end.
//
// Usage: BENCH_SITEMAP_SCHEMA=bench_activity BENCH_SITEMAP_CLIS=after=dist/cli.js node bench/sitemap-bench.mjs
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import pg from 'pg';
import { BENCH_COOKIE_SECRET, CLI, freePort, median, startChild, stopChild, waitFor } from './lib.mjs';

const PG_URL = process.env.BENCH_SITEMAP_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = process.env.BENCH_SITEMAP_SCHEMA ?? 'bench_activity';
const CATEGORIES = Number(process.env.BENCH_SITEMAP_CATEGORIES ?? 300);
const ROUNDS = Number(process.env.BENCH_SITEMAP_ROUNDS ?? 3);
const CLIS = (process.env.BENCH_SITEMAP_CLIS ?? `after=${CLI}`).split(',').map((pair) => pair.split('='));
const log = (line = '') => process.stdout.write(`${line}\n`);

const client = new pg.Client({ connectionString: PG_URL });
await client.connect();
const q = (text, values) => client.query(text, values);
await q(`set search_path = ${SCHEMA}`);
if (Number((await q('select count(*) as n from categories')).rows[0].n) === 0) {
  await q('set session_replication_role = replica');
  const now = new Date().toISOString();
  await q(
    `insert into categories (slug, name, created_at) select 'category-' || i, 'Category ' || i, $1
    from generate_series(1, $2) i`,
    [now, CATEGORIES],
  );
  await q(
    `insert into genres (slug, name, created_at) select 'genre-' || i, 'Genre ' || i, $1
    from generate_series(1, 30) i`,
    [now],
  );
  await q(
    `insert into film_categories (film_id, category_id) select distinct f.id, c.k from films f
    cross join lateral (values (1 + f.id % $1), (1 + (7 * f.id) % $1)) as c(k)`,
    [CATEGORIES],
  );
  await q(`insert into film_genres (film_id, genre_id) select distinct f.id, g.k from films f
    cross join lateral (values (1 + f.id % 30), (1 + (7 * f.id) % 30)) as g(k)`);
  await q(`insert into related_films (film_id, related_id, rank, score, reasons)
    select id, (select min(id) from films) + (id % (select count(*) from films)), 1, 0, '[]' from films
    where id <> (select min(id) from films) + (id % (select count(*) from films))`);
  await q('set session_replication_role = origin');
  await q('analyze');
}
const films = Number((await q('select count(*) as n from films')).rows[0].n);
await client.end();
log(
  `Sitemaps: ${films} films, ${CATEGORIES} categories, 30 genres (schema ${SCHEMA}); load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);

function get(url, gzip) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString();
          if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
          else resolve({ ms: performance.now() - started, body, bytes: raw.length });
        });
      })
      .on('error', reject);
  });
}

async function allSitemaps(base, gzip) {
  const started = performance.now();
  const index = await get(`${base}/sitemap.xml`, gzip);
  const children = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  let urls = 0;
  let bytes = index.bytes;
  const each = [];
  for (const child of children) {
    const answer = await get(base + child, gzip);
    urls += (answer.body.match(/<url>/g) ?? []).length;
    bytes += answer.bytes;
    each.push(`${child.replace('/sitemaps/', '')} ${answer.ms.toFixed(0)}`);
  }
  return { ms: performance.now() - started, files: children.length + 1, urls, bytes, each };
}

for (const [label, cli] of CLIS) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startChild([cli, 'serve'], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: PG_URL,
    PGOPTIONS: `-c search_path=${SCHEMA}`,
    IMPORT_DEMO: 'off',
    PAGE_CACHE: 'off',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    COOKIE_SECRET: BENCH_COOKIE_SECRET,
    // A loaded machine delays every event loop: the server would refuse part of the requests (503) as overloaded.
    SHED_EVENT_LOOP_DELAY_MS: '0',
  });
  try {
    await waitFor(`${base}/healthz`, server);
    const times = [];
    for (let round = 0; round < ROUNDS; round++) {
      const r = await allSitemaps(base, false);
      times.push(r.ms);
      log(
        `  ${label}: round ${round + 1}: ${r.ms.toFixed(0)} ms, ${r.files} files, ${r.urls} URLs, ${(r.bytes / 1e6).toFixed(1)} MB (${r.each.join(', ')})`,
      );
    }
    const zipped = await allSitemaps(base, true);
    const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    log(
      `  ${label}: median ${median(times).toFixed(0)} ms; gzip round ${zipped.ms.toFixed(0)} ms, ${(zipped.bytes / 1e6).toFixed(1)} MB sent; RSS peak ${kb('VmHWM').toFixed(0)} MB, now ${kb('VmRSS').toFixed(0)} MB; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    );
  } finally {
    await stopChild(server);
  }
}
