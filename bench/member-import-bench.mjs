// A member's IMDb ratings file of 50,000 rows imported with `reelhouse member-import`: the demo catalog on a fresh
// SQLite file, one confirmed member seeded straight into the database, a generated IMDb ratings CSV (the export's
// columns; every row a demo film by title and year, rated 1–10 on a day of its own, so the rows cycle over the
// catalog's films with distinct ledger keys), then the CLI timed end to end (validate, match, apply in batches).
// Target: ≤ 20 s. Usage: node bench/member-import-bench.mjs (after npm run build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CLI, ROOT, runCommand } from './lib.mjs';

export const MEMBER_IMPORT_TARGET_S = 20;
const ROWS = 50_000;
const EMAIL = 'importer@example.org';
const DEMO = path.join(ROOT, 'data', 'demo', 'films.json.gz');

const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function seed(dbFile, csvFile) {
  const db = new Database(dbFile);
  const films = db.prepare('select title, year from films order by id').all();
  const now = new Date().toISOString();
  db.prepare(
    `insert into members (email, email_key, handle, handle_key, display_name, password_hash, visitor_id, bio,
       profile_public, watchlist_public, confirmed_at, created_at)
     values (?, ?, 'bench-importer', 'bench-importer', 'Bench Importer', 'x', 'bench-importer-visitor', '', 1, 1, ?, ?)`,
  ).run(EMAIL, EMAIL, now, now);
  db.close();
  const lines = [
    'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
  ];
  const start = Date.parse('2000-01-01T00:00:00Z');
  for (let i = 0; i < ROWS; i++) {
    const film = films[i % films.length];
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const id = `tt${String(9_000_000 + i).padStart(7, '0')}`;
    lines.push(
      [
        id,
        String((i % 10) + 1),
        day,
        film.title,
        film.title,
        `https://www.imdb.com/title/${id}/`,
        'Movie',
        '7.1',
        '100',
        String(film.year ?? ''),
        'Drama',
        '1000',
        '',
        '',
      ]
        .map(cell)
        .join(','),
    );
  }
  fs.writeFileSync(csvFile, `${lines.join('\r\n')}\r\n`);
  return films.length;
}

export async function benchMemberImport(log = console.log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-member-import-bench-'));
  try {
    const dbFile = path.join(dir, 'bench.db');
    const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };
    const imported = await runCommand(
      process.execPath,
      [CLI, 'import', '--format', 'wikipedia-json', '--no-related', DEMO],
      env,
    );
    if (imported.code !== 0) throw new Error(`demo import failed: ${imported.stderr}`);
    const csv = path.join(dir, 'ratings.csv');
    const films = seed(dbFile, csv);
    const started = process.hrtime.bigint();
    const run = await runCommand(
      '/bin/sh',
      ['-c', '"$@"; times >&2', 'sh', process.execPath, CLI, 'member-import', '--email', EMAIL, csv],
      env,
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The shell's `times`: CPU of the CLI process (user, system); on a shared machine wall time includes waiting.
    const cpu = run.stderr.trim().split('\n').pop() ?? '';
    if (run.code !== 0) throw new Error(`member-import failed (${run.code}): ${run.stderr.slice(0, 500)}`);
    const summary = run.stdout.split('\n').slice(0, 2).join(' / ');
    const result = { rows: ROWS, films, seconds, cpu, targetSeconds: MEMBER_IMPORT_TARGET_S, summary };
    result.pass = seconds <= MEMBER_IMPORT_TARGET_S;
    log(
      `  ${ROWS} IMDb rows over ${films} demo films: ${seconds.toFixed(1)} s (target ≤ ${MEMBER_IMPORT_TARGET_S} s) ${result.pass ? 'PASS' : 'MISS'}`,
    );
    log(
      `  CPU of the import process (user system): ${cpu}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    log(`  ${summary}`);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchMemberImport();
  process.exitCode = result.pass ? 0 : 1;
}
