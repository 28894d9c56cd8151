/**
 * The relevance sets on the whole Wikipedia movie data (36,273 films): `npm run eval:search` runs it on SQLite and
 * PostgreSQL with `--fresh --sets all --floors`, importing the data into an empty database first, and fails when a
 * set falls below its floor (relevance/sets.ts). Without `--fresh` a database that already holds the data is reused,
 * so a ranking change can be measured in seconds while working:
 *   node scripts/search-relevance.mjs sqlite:/tmp/search-eval.db [--sets dev|all] [--misses] [--time N]
 *   node scripts/search-relevance.mjs postgres:<schema> …   (the test server, TEST_PG_URL)
 * `--sets dev` (the default) runs the sets tuning may look at; `all` adds the held-out set, for reporting only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../../../db/create-db.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { packageRoot } from '../../../lib/package-root.js';
import { runImport } from '../../importers/index.js';
import { searchFilms } from '../search.service.js';
import { WHOLE_DATA_SETS } from './sets.js';

const [target = 'sqlite:/tmp/search-eval.db', ...flags] = process.argv.slice(2);
const showMisses = flags.includes('--misses');
const fresh = flags.includes('--fresh');
const checkFloors = flags.includes('--floors');
const setsFlag = flags[flags.indexOf('--sets') + 1] ?? 'dev';
const which = flags.includes('--sets') ? setsFlag : 'dev';
// Beside the checkout, or one level up from a worktree (as relevance.db.test.ts looks for it).
const DATA =
  [
    process.env.WIKIPEDIA_MOVIE_DATA,
    path.resolve(packageRoot(), '..', 'shared', 'data', 'wikipedia-movie-data-us'),
    path.resolve(packageRoot(), '..', '..', 'shared', 'data', 'wikipedia-movie-data-us'),
  ].find((dir) => dir && fs.existsSync(dir)) ?? 'wikipedia-movie-data-us (set WIKIPEDIA_MOVIE_DATA)';

const [dialect, where] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@localhost:5432/test';
if (dialect === 'sqlite' && fresh) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${where}${suffix}`, { force: true });
}
const db =
  dialect === 'sqlite'
    ? createDb({ dialect: 'sqlite', file: where })
    : createDb({ dialect: 'postgres', url: pgUrl }, { searchPath: where });
if (dialect === 'postgres') {
  if (fresh) await sql`drop schema if exists ${sql.id(where)} cascade`.execute(db);
  await sql`create schema if not exists ${sql.id(where)}`.execute(db);
}
await migrateToLatest(db);
const { count } = await db
  .selectFrom('films')
  .select((eb) => eb.fn.countAll<number>().as('count'))
  .executeTakeFirstOrThrow();
if (Number(count) === 0) {
  if (!fs.existsSync(DATA)) {
    console.error(`${DATA} is absent: the relevance sets need the Wikipedia movie data (see its SOURCE.md)`);
    process.exit(2);
  }
  const started = performance.now();
  const files = fs
    .readdirSync(DATA)
    .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
    .sort();
  for (const f of files) await runImport(db, { file: path.join(DATA, f), format: 'wikipedia-json' });
  console.log(`${dialect}: imported ${files.length} files in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const belowFloor: string[] = [];

const times: number[] = [];
for (const { name, cases, use: kind, floor } of WHOLE_DATA_SETS) {
  if (which === 'dev' && kind !== 'dev') continue;
  if (which !== 'dev' && which !== 'all' && !name.startsWith(which)) continue;
  const byKind = new Map<string, [number, number]>();
  const missed: string[] = [];
  for (const [k, query, title, year] of cases) {
    const started = performance.now();
    const result = await searchFilms(db, query, { filter: {}, sort: 'relevance', limit: 10, offset: 0 });
    times.push(performance.now() - started);
    const top = result.hits.slice(0, 3).map((h) => `${h.title} (${h.year})`);
    const found = top.includes(`${title} (${year})`);
    const [n, of] = byKind.get(k) ?? [0, 0];
    byKind.set(k, [n + (found ? 1 : 0), of + 1]);
    if (!found) missed.push(`  [${k}] "${query}" wants ${title} (${year}) → ${top.join(' | ') || 'nothing'}`);
  }
  const hit = cases.length - missed.length;
  const kinds = [...byKind].map(([k, [n, of]]) => `${k} ${n}/${of}`).join(', ');
  console.log(`${dialect} ${name}: ${hit}/${cases.length} = ${((100 * hit) / cases.length).toFixed(1)}% (${kinds})`);
  if (showMisses && missed.length) console.log(missed.join('\n'));
  if (hit / cases.length < floor) {
    belowFloor.push(`${name} ${hit}/${cases.length} < ${(100 * floor).toFixed(0)}%`);
    if (!showMisses) console.log(missed.join('\n'));
  }
}
const rounds = flags.includes('--time') ? Number(flags[flags.indexOf('--time') + 1] ?? 3) : 0;
if (rounds > 0) {
  // Timing only: every query of the sets chosen, `rounds` times after one warm-up round, the slowest named.
  times.length = 0;
  const queries = WHOLE_DATA_SETS.filter(({ use }) => which === 'all' || use === 'dev').flatMap(({ cases }) =>
    cases.map((c) => c[1]),
  );
  const slowest = new Map<string, number>();
  for (let round = 0; round <= rounds; round++) {
    for (const q of queries) {
      const started = performance.now();
      await searchFilms(db, q, { filter: {}, sort: 'relevance', limit: 10, offset: 0 });
      const ms = performance.now() - started;
      if (round > 0) {
        times.push(ms);
        slowest.set(q, Math.max(slowest.get(q) ?? 0, ms));
      }
    }
  }
  const worst = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`slowest: ${worst.map(([q, ms]) => `"${q}" ${ms.toFixed(1)}`).join(', ')}`);
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]?.toFixed(1);
console.log(`${dialect} searchFilms in process: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${times.length} runs)`);
if (dialect === 'postgres' && fresh) await sql`drop schema ${sql.id(where)} cascade`.execute(db);
await db.destroy();
if (checkFloors && belowFloor.length) {
  console.error(`${dialect}: below the floor: ${belowFloor.join('; ')}`);
  process.exitCode = 1;
}
