// A small category among many films, paged in every sort by the archive's statement before decision 052 (the term's
// films by `films.id in (links)`, ordered by the films' columns) and after (the page's ids from the link table's
// index for the sort). Both statements come from the code itself: `listFilmCardsByKey` of the current source and of
// BENCH_BEFORE_REV (the commit before the change), bundled with esbuild; each call's
// SQL is captured through Kysely's log and explained (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite),
// and each call is timed (median of BENCH_ROUNDS, default 5, wall time on the client).
//
// Generator: BENCH_FILMS films (default 200,000), inserted by one statement (PostgreSQL: generate_series, triggers
// off, then the link keys and counts backfilled as the migration does; SQLite: a recursive CTE, triggers on).
// Film i: year 1920 + (7919·i mod 100) (none when i mod 50 = 0), title "Film <md5 of i>", created one second
// apart, a rank for every third film, likes i mod 11. Films 1–BENCH_FAR (default 5 % of the films) sit at the far
// end of every sort (years 1900–1904, titles "Zz…", no votes, no likes, created first) and make genre "silent";
// films 1–20 alone make category "tiny";
// every film is in category "every". Pages of 24 films: page 1, the page after it (keyset), the last page.
//
// Usage: BENCH_BEFORE_REV=<commit> node bench/archive-terms-bench.mjs [postgres|sqlite]
// The PostgreSQL schema is bench_sortkeys_archive (dropped at the end unless BENCH_KEEP=1); the SQLite file is in /tmp.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { CompiledQuery, Kysely, sql } from 'kysely';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIALECT = process.argv[2] ?? 'postgres';
const FILMS = Number(process.env.BENCH_FILMS ?? 200_000);
/** Films at the far end of every sort: those of genre "silent". */
const FAR = Number(process.env.BENCH_FAR ?? Math.round(FILMS / 20));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BEFORE_REV = process.env.BENCH_BEFORE_REV;
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_sortkeys_archive';
const PAGE = 24;
const SORTS = ['newest', 'year', 'title', 'top-rated', 'most-liked'];
const log = (line = '') => process.stdout.write(`${line}\n`);
if (!BEFORE_REV) throw new Error('BENCH_BEFORE_REV: the commit whose archive statement is "before"');

// The two builds of the repository; the rest (dialects, migrations) from the current source.
// Inside the worktree (dist/ is not tracked), so the bundles resolve packages from its node_modules.
const out = fs.mkdtempSync(path.join(root, 'dist', 'bench-archive-terms-'));
const bundle = async (name, contents) => {
  const outfile = path.join(out, `${name}.mjs`);
  await esbuild.build({
    stdin: {
      contents,
      resolveDir: path.join(root, 'src', 'features', 'catalog'),
      loader: 'ts',
      sourcefile: `${name}.ts`,
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  return import(outfile);
};
const after = await bundle(
  'after',
  `export { listFilmCardsByKey } from './film.repository.js';
   export { createPostgresDialect } from '../../db/dialect/postgres.js';
   export { createSqliteDialect } from '../../db/dialect/sqlite.js';
   export { migrateToLatest } from '../../db/migrate.js';`,
);
const before = await bundle(
  'before',
  execFileSync('git', ['show', `${BEFORE_REV}:src/features/catalog/film.repository.ts`], {
    cwd: root,
    encoding: 'utf8',
  }),
);

let captured = [];
const sqliteFile = path.join(os.tmpdir(), `bench-sortkeys-${process.pid}.db`);
const pg = DIALECT === 'postgres';
if (pg) {
  const admin = new Kysely({ dialect: after.createPostgresDialect(PG_URL) });
  await sql.raw(`drop schema if exists ${SCHEMA} cascade`).execute(admin);
  await sql.raw(`create schema ${SCHEMA}`).execute(admin);
  await admin.destroy();
}
const db = new Kysely({
  dialect: pg ? after.createPostgresDialect(PG_URL, { searchPath: SCHEMA }) : after.createSqliteDialect(sqliteFile),
  log: (event) => {
    if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
  },
});
const run = (text) => sql.raw(text).execute(db);

await after.migrateToLatest(db);
const started = Date.now();
const now = '2026-01-01T00:00:00.000Z';
await run(
  `insert into categories (slug, name, created_at) values ('tiny', 'Tiny', '${now}'), ('every', 'Every', '${now}')`,
);
await run(`insert into genres (slug, name, created_at) values ('silent', 'Silent', '${now}')`);
const film = (
  i,
) => `'film-' || ${i}, case when ${i} <= ${FAR} then 'Zz ' || ${i} else 'Film ' || ${pg ? `md5(${i}::text)` : `hex(randomblob(8))`} end,
  case when ${i} <= ${FAR} then 1900 + ${i} % 5 when ${i} % 50 = 0 then null else 1920 + (7919 * ${i}) % 100 end,
  'bench', 'bench-' || ${i}, 'h',
  ${pg ? `to_char(timestamp '2020-01-01' + ${i} * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')` : `strftime('%Y-%m-%dT%H:%M:%S.000Z', '2020-01-01', '+' || ${i} || ' seconds')`},
  '${now}',
  case when ${i} > ${FAR} and ${i} % 3 = 0 then 100 + (${i} % 97) / 10.0 end,
  case when ${i} > ${FAR} and ${i} % 3 = 0 then 5 + ${i} % 7 else 0 end,
  case when ${i} > ${FAR} then ${i} % 11 else 0 end`;
const columns =
  'slug, title, year, source, source_id, content_hash, created_at, updated_at, rating_rank, rating_votes, like_count';
const links = `insert into film_categories (category_id, film_id) select c.id, f.id from films f, categories c where c.slug = 'every' or (c.slug = 'tiny' and f.id <= 20);
  insert into film_genres (genre_id, film_id) select g.id, f.id from films f, genres g where f.id <= ${FAR};`;
if (pg) {
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql.raw(`insert into films (${columns}) select ${film('i')} from generate_series(1, ${FILMS}) i`).execute(tx);
    for (const statement of links.split(';').filter((s) => s.trim())) await sql.raw(statement).execute(tx);
  });
  // What the triggers would have written: the links' keys (as migration 2026-12-06-04 backfills) and the counts.
  for (const [link, term, terms] of [
    ['film_categories', 'category_id', 'categories'],
    ['film_genres', 'genre_id', 'genres'],
  ]) {
    await run(`update ${link} l set year = f.year, title = f.title, title_key = lower(f.title), created_at = f.created_at,
      rating_rank = f.rating_rank, rating_votes = f.rating_votes, like_count = f.like_count from films f where f.id = l.film_id`);
    await run(`update ${terms} t set film_count = (select count(*) from ${link} l where l.${term} = t.id)`);
  }
  await run('vacuum analyze');
} else {
  await run(`insert into films (${columns}) with recursive n(i) as (select 1 union all select i + 1 from n where i < ${FILMS})
    select ${film('i')} from n`);
  for (const statement of links.split(';').filter((s) => s.trim())) await run(statement);
  await run('analyze');
}
log(
  `${DIALECT}: ${FILMS} films generated in ${((Date.now() - started) / 1000).toFixed(1)} s; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const id = async (table, slug) => (await run(`select id from ${table} where slug = '${slug}'`)).rows[0].id;
const terms = [
  ['category tiny (20 films)', { categoryId: await id('categories', 'tiny') }],
  [`genre silent (${FAR} films)`, { genreId: await id('genres', 'silent') }],
  ['category every (all films)', { categoryId: await id('categories', 'every') }],
];

/** The statements one call issues, each explained; and the call's median time. */
async function measure(version, filter, options) {
  captured = [];
  const result = await version.listFilmCardsByKey(db, filter, options);
  const statements = [...captured];
  const times = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    await version.listFilmCardsByKey(db, filter, options);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const plans = [];
  for (const statement of statements) plans.push(await explainBound(statement));
  // The server's own time (PostgreSQL): the sum of the statements' "Execution Time".
  const server = plans.flat().reduce((sum, line) => sum + Number(/Execution Time: ([\d.]+)/.exec(line)?.[1] ?? 0), 0);
  return { result, median: times[Math.floor(times.length / 2)], plans, server };
}

/** The compiled statement explained with its parameters bound. */
async function explainBound(statement) {
  const prefix = pg ? 'explain (analyze, buffers) ' : 'explain query plan ';
  const { rows } = await db.executeQuery(CompiledQuery.raw(prefix + statement.sql, statement.parameters));
  return rows.map((row) => (pg ? row['QUERY PLAN'] : `${'  '.repeat(row.parent ? 1 : 0)}${row.detail}`));
}

const summary = [];
for (const [name, filter] of terms) {
  for (const sort of SORTS) {
    const first = await measure(after, filter, { sort, limit: PAGE, offset: 0 });
    const next = { sort, limit: PAGE + 1, after: first.result.at(-1).key };
    for (const [page, options] of [
      ['page 1', { sort, limit: PAGE, offset: 0 }],
      ['next', next],
      ['last', { sort, limit: PAGE, before: 'end' }],
    ]) {
      const old = await measure(before, filter, options);
      const now = await measure(after, filter, options);
      const same = JSON.stringify(old.result) === JSON.stringify(now.result);
      const server = (m) => (pg ? ` (server ${m.server.toFixed(2).padStart(7)})` : '');
      summary.push(
        `${name.padEnd(28)} ${sort.padEnd(10)} ${page.padEnd(6)} before ${old.median.toFixed(2).padStart(8)}${server(old)} ms  after ${now.median.toFixed(2).padStart(6)}${server(now)} ms  same: ${same}`,
      );
      if (process.env.BENCH_PLANS !== '0') {
        log(`\n=== ${name}, ${sort}, ${page}: before ${old.median.toFixed(2)} ms`);
        for (const plan of old.plans) log(plan.map((l) => `  ${l}`).join('\n'));
        log(`--- after ${now.median.toFixed(2)} ms`);
        for (const plan of now.plans) log(plan.map((l) => `  ${l}`).join('\n'));
      }
      if (!same) process.exitCode = 1;
    }
  }
}
log(
  `\n${DIALECT}, ${FILMS} films, median of ${ROUNDS} calls (client wall time), load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const line of summary) log(line);

await db.destroy();
if (pg && process.env.BENCH_KEEP !== '1') {
  const admin = new Kysely({ dialect: after.createPostgresDialect(PG_URL) });
  await sql.raw(`drop schema ${SCHEMA} cascade`).execute(admin);
  await admin.destroy();
}
if (!pg) fs.rmSync(sqliteFile, { force: true });
fs.rmSync(out, { recursive: true, force: true });
