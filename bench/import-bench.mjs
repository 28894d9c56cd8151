// Import of the whole Wikipedia movie data set (13 decade files, 36,273 films) with `node dist/cli.js import`, one
// child process per file, into a fresh SQLite database: wall time, peak RSS, inserted/rejected per file; then the
// same import again, which must insert nothing. Usage: node bench/import-bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CLI, fmt, ROOT, runCommand } from './lib.mjs';

/** Relative to the repository root, where the data set sits beside the checkout (never committed into it). */
export const DATA_DIR = '../shared/data/wikipedia-movie-data-us';
const GNU_TIME = '/usr/bin/time';

/** The decade files, or the reason the import benchmark cannot run. */
export function findDataFiles() {
  // BENCH_DATA_DIR: the data set elsewhere (a worktree whose parent has no shared/ beside it).
  const base = process.env.BENCH_DATA_DIR ?? DATA_DIR;
  const dir = path.resolve(ROOT, base);
  if (!fs.existsSync(dir)) return { skip: `${dir} is absent (see ${DATA_DIR}/SOURCE.md)` };
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
    .sort()
    .map((f) => `${base}/${f}`);
  if (files.length === 0) return { skip: `${dir} holds no movies-<decade>.json.gz files` };
  return { files };
}

const useGnuTime = () => process.env.BENCH_RSS !== 'wrapper' && fs.existsSync(GNU_TIME);

/** One `reelhouse import` child: wall time, peak RSS (KiB), and what it printed. */
async function importFile(file, databaseUrl, rssFile) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  const cliArgs = ['import', file, '--format', 'wikipedia-json', '--no-related'];
  const [command, args] = useGnuTime()
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, CLI, ...cliArgs]]
    : [process.execPath, [path.join(ROOT, 'bench', 'rss-wrapper.mjs'), rssFile, ...cliArgs]];
  const started = performance.now();
  const result = await runCommand(command, args, env);
  const seconds = (performance.now() - started) / 1000;
  // GNU time adds "Command exited with non-zero status 1" before the number when the command fails.
  const rssKiB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  const summary =
    /: (\d+) inserted, (\d+) updated, (\d+) unchanged, (\d+) rejected\.$/m.exec(result.stdout)?.slice(1).map(Number) ??
    null;
  if (!summary) {
    throw new Error(`import of ${file} printed no summary (exit ${result.code ?? result.signal}):\n${result.stderr}`);
  }
  const [inserted, updated, unchanged, rejected] = summary;
  const rejectedLines = result.stderr.split('\n').filter((line) => line.includes(': rejected: '));
  // Exit code 1 means "some rows were rejected"; anything else with rejected rows, or any code without them, is wrong.
  const expectedCode = rejected > 0 ? 1 : 0;
  if (result.code !== expectedCode) {
    throw new Error(`import of ${file} exited ${result.code}, expected ${expectedCode}:\n${result.stderr}`);
  }
  return { file, seconds, rssKiB, inserted, updated, unchanged, rejected, rejectedLines };
}

async function importAll(files, databaseUrl, dir, log) {
  const runs = [];
  const started = performance.now();
  for (const file of files) {
    const run = await importFile(file, databaseUrl, path.join(dir, 'rss.txt'));
    runs.push(run);
    log(
      `  ${path.basename(file).padEnd(22)} ${fmt(run.inserted).padStart(8)} ${fmt(run.updated).padStart(8)} ${fmt(
        run.unchanged,
      ).padStart(10)} ${fmt(run.rejected).padStart(9)} ${run.seconds.toFixed(2).padStart(8)} s ${fmt(
        run.rssKiB / 1024,
      ).padStart(6)} MiB`,
    );
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  const totals = {
    inserted: sum('inserted'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    rejected: sum('rejected'),
  };
  const peakRssKiB = Math.max(...runs.map((run) => run.rssKiB));
  log(
    `  ${'total'.padEnd(22)} ${fmt(totals.inserted).padStart(8)} ${fmt(totals.updated).padStart(8)} ${fmt(
      totals.unchanged,
    ).padStart(10)} ${fmt(totals.rejected).padStart(9)} ${wallSeconds.toFixed(2).padStart(8)} s ${fmt(
      peakRssKiB / 1024,
    ).padStart(6)} MiB (peak)`,
  );
  return { runs, totals, wallSeconds, peakRssKiB };
}

const HEADER = `  ${'file'.padEnd(22)} ${'inserted'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)} ${'rejected'.padStart(9)} ${'wall'.padStart(10)} ${'max RSS'.padStart(10)}`;

export async function benchImport(log = console.log) {
  const found = findDataFiles();
  if (found.skip) return { skipped: found.skip };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bench-import-'));
  const dbFile = path.join(dir, 'import.db');
  const databaseUrl = `sqlite:${dbFile}`;
  try {
    log(`  ${found.files.length} files from ${DATA_DIR}/ into a fresh SQLite database, one child process each`);
    log(
      `  peak RSS measured with ${useGnuTime() ? `${GNU_TIME} -f %M` : 'process.resourceUsage() (bench/rss-wrapper.mjs)'}`,
    );
    log('  first run:');
    log(HEADER);
    const first = await importAll(found.files, databaseUrl, dir, log);
    const db = new Database(dbFile, { readonly: true });
    const stored = {
      films: db.prepare('select count(*) from films').pluck().get(),
      people: db.prepare('select count(*) from people').pluck().get(),
      genres: db.prepare('select count(*) from genres').pluck().get(),
    };
    db.close();
    const dbBytes = ['', '-wal']
      .map((suffix) => `${dbFile}${suffix}`)
      .filter((f) => fs.existsSync(f))
      .reduce((total, f) => total + fs.statSync(f).size, 0);
    const sourceRows = first.totals.inserted + first.totals.updated + first.totals.unchanged + first.totals.rejected;
    log(`  rows read: ${fmt(sourceRows)}; rejected rows:`);
    for (const run of first.runs) for (const line of run.rejectedLines) log(`    ${line}`);
    log(
      `  database: ${fmt(stored.films)} films, ${fmt(stored.people)} people, ${fmt(stored.genres)} genres, ${fmt(
        dbBytes / 1024 / 1024,
        1,
      )} MiB`,
    );

    log('  second run (same files, same database):');
    log(HEADER);
    const second = await importAll(found.files, databaseUrl, dir, log);
    const idempotent = second.totals.inserted === 0 && second.totals.updated === 0;
    log(
      `  second run inserted ${second.totals.inserted} and updated ${second.totals.updated}: ${
        idempotent ? 'OK, re-running the import changes nothing' : 'FAIL, a re-run should change nothing'
      }`,
    );
    return {
      files: found.files.length,
      sourceRows,
      first: strip(first),
      rejectedRows: first.runs.flatMap((run) => run.rejectedLines),
      stored,
      databaseBytes: dbBytes,
      second: strip(second),
      idempotent,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The JSON report keeps the rejected rows once, not per run. */
const strip = (result) => ({ ...result, runs: result.runs.map(({ rejectedLines, ...run }) => run) });

export function printImportSummary(r, log = console.log) {
  if (r.skipped) {
    log(`  SKIPPED: ${r.skipped}`);
    return;
  }
  log(
    `  first run: ${fmt(r.first.totals.inserted)} inserted, ${fmt(r.first.totals.rejected)} rejected of ${fmt(
      r.sourceRows,
    )} rows in ${r.first.wallSeconds.toFixed(1)} s wall (${fmt(r.sourceRows / r.first.wallSeconds)} films/s), peak RSS ${fmt(
      r.first.peakRssKiB / 1024,
    )} MiB`,
  );
  log(
    `  second run: ${fmt(r.second.totals.inserted)} inserted, ${fmt(r.second.totals.unchanged)} unchanged, ${fmt(
      r.second.totals.rejected,
    )} rejected in ${r.second.wallSeconds.toFixed(1)} s wall, peak RSS ${fmt(r.second.peakRssKiB / 1024)} MiB`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Import of the Wikipedia movie data set:');
  printImportSummary(await benchImport());
}
