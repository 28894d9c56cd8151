// Cold film pages (issue 13, target e): film pages that are not in the page cache, rendered from the database, on the
// Wikipedia data set (36,273 films, related lists built). wrk -t1 -c32 asks for every film once, in random order, so
// each answer is a first view: a render, its store into the cache, and its send. Rounds take fresh films.
// Usage: node bench/cold-bench.mjs   (env: BENCH_COLD_DB=path/to/file.db reuses a database holding the data set and
// skips the import; BENCH_COLD_RELATED=off skips building related lists; BENCH_ROUNDS=3, BENCH_ROUND_SECONDS=4)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { findDataFiles } from './import-bench.mjs';
import {
  BENCH_COOKIE_SECRET,
  CLI,
  cpuSeconds,
  fmt,
  freePort,
  median,
  ROOT,
  runCommand,
  startChild,
  stopChild,
  waitFor,
} from './lib.mjs';

export const COLD_TARGET = 1500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
/** Films kept for the warm-up, out of the rounds' way (more than 1 s of wrk asks for at the target rate). */
const WARM_FILMS = 3000;

/** The data set in a SQLite file: imported (and related lists built) unless BENCH_COLD_DB names one. */
async function catalogDatabase(dir, log) {
  const reuse = process.env.BENCH_COLD_DB;
  if (reuse) return path.resolve(reuse);
  const found = findDataFiles();
  if (found.skip) return { skip: found.skip };
  const dbFile = path.join(dir, 'cold.db');
  const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };
  const started = performance.now();
  for (const file of found.files) {
    const result = await runCommand(
      process.execPath,
      [CLI, 'import', file, '--format', 'wikipedia-json', '--no-related'],
      env,
    );
    if (result.code !== 0 && result.code !== 1) throw new Error(`import of ${file} failed:\n${result.stderr}`);
  }
  if (process.env.BENCH_COLD_RELATED !== 'off') {
    const result = await runCommand(process.execPath, [CLI, 'related', '--rebuild'], env);
    if (result.code !== 0) throw new Error(`related --rebuild failed:\n${result.stderr}`);
  }
  log(
    `  data set imported${process.env.BENCH_COLD_RELATED !== 'off' ? ', related lists built,' : ''} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return dbFile;
}

/** Film paths in a fixed pseudo-random order (the same every run), so rounds and runs see comparable films. */
function filmPaths(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  try {
    const slugs = db.prepare('select slug from films order by id').pluck().all();
    let seed = 13;
    for (let i = slugs.length - 1; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = seed % (i + 1);
      [slugs[i], slugs[j]] = [slugs[j], slugs[i]];
    }
    return slugs.map((slug) => `/film/${encodeURIComponent(slug)}`);
  } finally {
    db.close();
  }
}

export async function benchCold(log = console.log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bench-cold-'));
  let server;
  try {
    const dbFile = await catalogDatabase(dir, log);
    if (typeof dbFile !== 'string') return { skipped: dbFile.skip };
    const paths = filmPaths(dbFile);
    const pathsFile = path.join(dir, 'paths.txt');
    fs.writeFileSync(pathsFile, `${paths.join('\n')}\n`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startChild([CLI, 'serve'], {
      ...process.env,
      DATABASE_URL: `sqlite:${dbFile}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      IMPORT_DEMO: 'off',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      COOKIE_SECRET: BENCH_COOKIE_SECRET,
      SHED_EVENT_LOOP_DELAY_MS: '0',
    });
    await waitFor(`${base}/healthz`, server);
    // Warm-up on the last WARM_FILMS films of the order, which no round asks for: 50 one at a time, then 1 s of wrk.
    const warm = paths.slice(-WARM_FILMS);
    for (const p of warm.slice(0, 50)) await (await fetch(`${base}${p}`)).arrayBuffer();
    let offset = 0;
    const round = async (seconds, from) => {
      const result = await runCommand(
        'wrk',
        ['-t1', '-c32', `-d${seconds}s`, '--latency', '-s', path.join(ROOT, 'bench', 'film-paths.lua'), base],
        { ...process.env, COLD_PATHS: pathsFile, COLD_OFFSET: String(from) },
      );
      if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr || result.stdout}`);
      const out = result.stdout;
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const answers = Object.fromEntries([...out.matchAll(/^answer (.+): (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
      return {
        requests,
        requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
        answers,
        latencyP50: /^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
        latencyP99: /^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
      };
    };
    await round(1, paths.length - WARM_FILMS + 50);
    const rounds = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const load = os.loadavg()[0].toFixed(2);
      const cpuBefore = cpuSeconds(server.pid);
      const r = await round(ROUND_SECONDS, offset);
      const cpuAfter = cpuSeconds(server.pid);
      // CPU time per render: what the rate would be on an otherwise idle core (the machine is often shared).
      const cpuMs =
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / Math.max(1, r.requests);
      offset += r.requests + 32;
      const misses = r.answers['200 miss'] ?? 0;
      const rendered = (r.requestsPerSecond * misses) / Math.max(1, r.requests);
      rounds.push({ ...r, rendered, load, cpuMs });
      log(
        `  round ${i}: ${fmt(r.requestsPerSecond)} req/s, ${fmt(rendered)} renders/s (answers: ${Object.entries(
          r.answers,
        )
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}), p50 ${r.latencyP50} p99 ${r.latencyP99}${
          cpuMs === null ? '' : `, ${cpuMs.toFixed(2)} ms CPU per request (${fmt(1000 / cpuMs)} per CPU-second)`
        }, load ${load}`,
      );
      if (offset > paths.length - 2 * WARM_FILMS) break;
    }
    const films = paths.length;
    const rendersPerSecond = median(rounds.map((r) => r.rendered));
    const pass = rendersPerSecond >= COLD_TARGET;
    const cpuMs = rounds.every((r) => r.cpuMs !== null) ? median(rounds.map((r) => r.cpuMs)) : null;
    log(
      `  cold film page (e): ${fmt(rendersPerSecond)} renders/s median on ${fmt(films)} films (target ≥ ${fmt(COLD_TARGET)}) ${pass ? 'PASS' : 'FAIL'}${
        cpuMs === null ? '' : `; ${cpuMs.toFixed(2)} ms CPU per render (${fmt(1000 / cpuMs)} per CPU-second)`
      }`,
    );
    return { films, rounds, rendersPerSecond, cpuMs, target: COLD_TARGET, pass };
  } catch (error) {
    if (server?.stderrText) error.message += `\nReelhouse stderr:\n${server.stderrText}`;
    throw error;
  } finally {
    if (server) await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Cold film pages on the Wikipedia data set:');
  await benchCold();
}
