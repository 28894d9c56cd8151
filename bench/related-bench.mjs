// Related films ("Check Also") at catalog scale (decision 042). Two catalogs, each imported into a fresh SQLite database
// (`import … --no-related`, not timed):
//   - the whole Wikipedia movie data set (36k films);
//   - a synthetic catalog of BENCH_RELATED_FILMS films (default 150,000; 0 skips it) made from it by
//     bench/related-catalog.mjs (copies with an invented title word, a shifted year and a fifth of the synopsis
//     dropped: see that file).
// On each: `node dist/cli.js related --rebuild` timed (wall and CPU) with its peak RSS, and `related --measure-loop`
// on a few films: the event-loop delay (perf_hooks.monitorEventLoopDelay) while the queue worker follows an admin
// edit, the first after a start (the model is read, in steps) and the next. On the 36k set also
// `related --measure-update` (an update's cost once the model is loaded). Targets: batch ≤ 60 s at 36k and ≤ 300 s
// at 150k, peak RSS ≤ 1 GiB, an update ≤ 500 ms, event-loop delay ≤ 50 ms. The machine's load is printed with each
// figure: on a loaded machine, wall times and loop delays include time the process waited for a core.
// Usage: node bench/related-bench.mjs   (RELATED_DATA_DIR overrides ../shared/data/wikipedia-movie-data-us)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR } from './import-bench.mjs';
import { CLI, fmt, ROOT, runCommand } from './lib.mjs';
import { writeSyntheticCatalog } from './related-catalog.mjs';

export const RELATED_TARGETS = {
  batchSeconds: 60,
  largeBatchSeconds: 300,
  peakRssMiB: 1024,
  updateMs: 500,
  loopDelayMs: 50,
};
const GNU_TIME = '/usr/bin/time';
const UPDATE_SLUGS = ['rocky-ii', 'casablanca', 'the-godfather-part-ii'];
const LOOP_SLUGS = ['rocky-ii', 'casablanca'];

const useGnuTime = () => process.env.BENCH_RSS !== 'wrapper' && fs.existsSync(GNU_TIME);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function dataFiles() {
  const dir = process.env.RELATED_DATA_DIR ?? path.resolve(ROOT, DATA_DIR);
  if (!fs.existsSync(dir)) return { skip: `${dir} is absent (see ${DATA_DIR}/SOURCE.md)` };
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  return files.length ? { dir, files } : { skip: `${dir} holds no movies-<decade>.json.gz files` };
}

async function cli(args, env, rssFile) {
  const [command, commandArgs] = rssFile
    ? useGnuTime()
      ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, CLI, ...args]]
      : [process.execPath, [path.join(ROOT, 'bench', 'rss-wrapper.mjs'), rssFile, ...args]]
    : [process.execPath, [CLI, ...args]];
  const started = performance.now();
  const result = await runCommand(command, commandArgs, env);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0 && !(args[0] === 'import' && result.code === 1)) {
    throw new Error(`reelhouse ${args.join(' ')} exited ${result.code ?? result.signal}:\n${result.stderr}`);
  }
  const rssKiB = rssFile ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : null;
  return { ...result, seconds, rssKiB };
}

/** Import `files`, rebuild every list (timed, peak RSS), then measure the loop delay of edits. */
async function measureCatalog(name, files, dir, log, { updates = false } = {}) {
  const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, `${name}.db`)}`, LOG_LEVEL: 'silent' };
  log(`  ${name}: importing ${files.length} files (not timed) …`);
  for (const file of files) await cli(['import', file, '--format', 'wikipedia-json', '--no-related'], env);
  const loadBefore = load();
  const batch = await cli(['related', '--rebuild'], env, path.join(dir, `${name}-rss.txt`));
  const line = batch.stdout.trim().split('\n').at(-1) ?? '';
  const m = /(\d+) films, (\d+) list entries .*?; ([\d.]+) s CPU/.exec(line);
  const result = {
    films: m ? Number(m[1]) : null,
    rows: m ? Number(m[2]) : null,
    batchSeconds: batch.seconds,
    cpuSeconds: m ? Number(m[3]) : null,
    peakRssKiB: batch.rssKiB,
    load: `${loadBefore} → ${load()}`,
    updates: [],
    loops: [],
  };
  log(`  ${line}`);
  log(
    `  ${name} batch: ${fmt(result.films ?? 0)} films in ${batch.seconds.toFixed(1)} s wall, ${result.cpuSeconds} s CPU, peak RSS ${fmt(batch.rssKiB / 1024)} MiB (load ${result.load})`,
  );
  if (updates) {
    for (const slug of UPDATE_SLUGS) {
      const run = await cli(['related', '--measure-update', slug], env);
      const u = /median (\d+) ms, max (\d+) ms/.exec(run.stdout);
      if (!u) throw new Error(`related --measure-update ${slug} printed no timing:\n${run.stdout}${run.stderr}`);
      result.updates.push({ slug, medianMs: Number(u[1]), maxMs: Number(u[2]) });
      log(`  ${run.stdout.trim().split('\n').join('\n  ')}`);
    }
  }
  for (const slug of LOOP_SLUGS) {
    const loadAt = load();
    const run = await cli(['related', '--measure-loop', slug], env);
    for (const l of run.stdout.trim().split('\n')) {
      const d =
        /lists written after (\d+) ms; event-loop delay max ([\d.]+) ms, p99 ([\d.]+) ms; longest gap between 1 ms ticks ([\d.]+) ms/.exec(
          l,
        );
      if (!d) continue;
      result.loops.push({
        slug,
        first: l.includes('first edit'),
        ms: Number(d[1]),
        maxDelayMs: Number(d[2]),
        p99DelayMs: Number(d[3]),
        maxGapMs: Number(d[4]),
        load: loadAt,
      });
      log(`  ${l} (load ${loadAt})`);
    }
  }
  return result;
}

export async function benchRelated(log = console.log) {
  const found = dataFiles();
  if (found.skip) return { skipped: found.skip };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bench-related-'));
  const large = Number(process.env.BENCH_RELATED_FILMS ?? 150_000);
  try {
    const small = await measureCatalog('wikipedia', found.files, dir, log, { updates: true });
    let big;
    if (large > 0) {
      const { files, films } = writeSyntheticCatalog(found.dir, path.join(dir, 'synthetic'), large);
      log(`  synthetic catalog: ${fmt(films)} films in ${files.length} files (bench/related-catalog.mjs)`);
      big = await measureCatalog(`synthetic-${films}`, files, dir, log);
    }
    const worstMedian = Math.max(...small.updates.map((u) => u.medianMs));
    const loops = [...small.loops, ...(big?.loops ?? [])];
    const worstLoop = Math.max(...loops.map((l) => l.maxDelayMs));
    const pass =
      small.batchSeconds <= RELATED_TARGETS.batchSeconds &&
      small.peakRssKiB / 1024 <= RELATED_TARGETS.peakRssMiB &&
      worstMedian <= RELATED_TARGETS.updateMs &&
      worstLoop <= RELATED_TARGETS.loopDelayMs &&
      (!big ||
        (big.batchSeconds <= RELATED_TARGETS.largeBatchSeconds && big.peakRssKiB / 1024 <= RELATED_TARGETS.peakRssMiB));
    return {
      ...small,
      large: big,
      worstLoopDelayMs: worstLoop,
      targets: RELATED_TARGETS,
      pass,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printRelatedSummary(r, log = console.log) {
  if (r.skipped) {
    log(`  SKIPPED: ${r.skipped}`);
    return;
  }
  const worst = Math.max(...r.updates.map((u) => u.medianMs));
  const big = r.large
    ? `; ${fmt(r.large.films)} films: ${r.large.batchSeconds.toFixed(1)} s wall (${r.large.cpuSeconds?.toFixed(1)} s CPU), peak RSS ${fmt(r.large.peakRssKiB / 1024)} MiB`
    : '';
  log(
    `  ${r.pass ? 'OK' : 'FAIL'}: ${fmt(r.films)} films: batch ${r.batchSeconds.toFixed(1)} s wall (${r.cpuSeconds?.toFixed(1)} s CPU), peak RSS ${fmt(
      r.peakRssKiB / 1024,
    )} MiB, slowest update median ${worst} ms${big}; worst event-loop delay during an edit ${r.worstLoopDelayMs.toFixed(1)} ms`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Related films on the Wikipedia movie data set and a synthetic larger catalog:');
  printRelatedSummary(await benchRelated());
}
