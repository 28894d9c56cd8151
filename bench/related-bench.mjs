// Related films ("Check Also") on the whole Wikipedia movie data set: the 13 decade files imported into a fresh SQLite
// database (`import … --no-related`, not timed), then `node dist/cli.js related --rebuild` timed with its peak RSS,
// then `related --measure-update` on a few films (the update an admin edit triggers). Targets: batch ≤ 60 s wall and
// ≤ 1 GiB peak RSS on 2 cores, an update ≤ 500 ms. Usage: node bench/related-bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDataFiles } from './import-bench.mjs';
import { CLI, fmt, ROOT, runCommand } from './lib.mjs';

export const RELATED_TARGETS = { batchSeconds: 60, peakRssMiB: 1024, updateMs: 500 };
const GNU_TIME = '/usr/bin/time';
const UPDATE_SLUGS = ['rocky-ii', 'casablanca', 'the-godfather-part-ii'];

const useGnuTime = () => process.env.BENCH_RSS !== 'wrapper' && fs.existsSync(GNU_TIME);

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

export async function benchRelated(log = console.log) {
  const found = findDataFiles();
  if (found.skip) return { skipped: found.skip };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bench-related-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'related.db')}`, LOG_LEVEL: 'silent' };
  try {
    log(`  importing ${found.files.length} files (not timed) …`);
    for (const file of found.files) await cli(['import', file, '--format', 'wikipedia-json', '--no-related'], env);
    const batch = await cli(['related', '--rebuild'], env, path.join(dir, 'rss.txt'));
    const line = batch.stdout.trim().split('\n').at(-1) ?? '';
    const m = /(\d+) films, (\d+) list entries .*?; ([\d.]+) s CPU/.exec(line);
    const films = m ? Number(m[1]) : null;
    const rows = m ? Number(m[2]) : null;
    const cpuSeconds = m ? Number(m[3]) : null;
    log(`  ${line}`);
    log(
      `  batch: ${fmt(films ?? 0)} films in ${batch.seconds.toFixed(1)} s wall (target ≤ ${RELATED_TARGETS.batchSeconds} s), peak RSS ${fmt(batch.rssKiB / 1024)} MiB (target ≤ ${RELATED_TARGETS.peakRssMiB} MiB)`,
    );
    const updates = [];
    for (const slug of UPDATE_SLUGS) {
      const run = await cli(['related', '--measure-update', slug], env);
      const u = /median (\d+) ms, max (\d+) ms/.exec(run.stdout);
      if (!u) throw new Error(`related --measure-update ${slug} printed no timing:\n${run.stdout}${run.stderr}`);
      updates.push({ slug, medianMs: Number(u[1]), maxMs: Number(u[2]) });
      log(`  ${run.stdout.trim().split('\n').join('\n  ')}`);
    }
    const worstMedian = Math.max(...updates.map((u) => u.medianMs));
    const pass =
      batch.seconds <= RELATED_TARGETS.batchSeconds &&
      batch.rssKiB / 1024 <= RELATED_TARGETS.peakRssMiB &&
      worstMedian <= RELATED_TARGETS.updateMs;
    return {
      films,
      rows,
      batchSeconds: batch.seconds,
      cpuSeconds,
      peakRssKiB: batch.rssKiB,
      updates,
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
  log(
    `  ${r.pass ? 'OK' : 'FAIL'}: batch ${r.batchSeconds.toFixed(1)} s wall (${r.cpuSeconds?.toFixed(1)} s CPU), peak RSS ${fmt(
      r.peakRssKiB / 1024,
    )} MiB, slowest update median ${worst} ms`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Related films on the Wikipedia movie data set:');
  printRelatedSummary(await benchRelated());
}
