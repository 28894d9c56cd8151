// The home page's activity shelves with a busy month (decision 047): "Highest rated this month" and "Most discussed
// this week" computed as before (every vote / comment of the window grouped) and as now (film_vote_days and
// film_comment_days, plus the window's first, partial day from the rows), on PostgreSQL, in a schema of their own.
//
// Generator: a migrated schema (`node dist/cli.js migrate`) gets BENCH_ACTIVITY_FILMS films (default 150,000; rows
// inserted with triggers off: only ids, slugs and dates matter here), then BENCH_ACTIVITY_VOTES counted votes
// (default 103,000, as decision 041's addendum measured) cast over the last 30 days and BENCH_ACTIVITY_COMMENTS
// approved comments (default 60,000) written over the last 7 days. Which film a vote or comment goes to:
//   skewed  — film 1 + floor(n · u⁴) for u uniform in [0, 1): a few films draw most of the activity, as on a site;
//   uniform — any film alike: every vote on its own film and day, the summary's worst case (as many rows as votes);
//   current — 2,000 films (a site's current releases) draw everything, film 1 + floor(2000 · u²).
// Votes are inserted with the triggers on (so the film_vote_days rows are the triggers' work, and the insert time
// is printed); the comments' days are counted once afterwards as the comments feature's recount would leave them.
// Each read runs BENCH_ACTIVITY_RUNS times (default 9), interleaved, and the median wall time (client side) is printed.
//
// Usage: npm run build && BENCH_ACTIVITY_SCHEMA=bench_activity node bench/activity-bench.mjs [skewed|uniform|current]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { CLI, median } from './lib.mjs';

const PG_URL = process.env.BENCH_ACTIVITY_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = process.env.BENCH_ACTIVITY_SCHEMA ?? 'bench_activity';
const FILMS = Number(process.env.BENCH_ACTIVITY_FILMS ?? 150_000);
const VOTES = Number(process.env.BENCH_ACTIVITY_VOTES ?? 103_000);
const COMMENTS = Number(process.env.BENCH_ACTIVITY_COMMENTS ?? 60_000);
const RUNS = Number(process.env.BENCH_ACTIVITY_RUNS ?? 9);
const SPREAD = ['uniform', 'current'].includes(process.argv[2]) ? process.argv[2] : 'skewed';
const NOW = Date.now();
const DAY_MS = 86_400_000;

const filmOf =
  SPREAD === 'uniform'
    ? `1 + floor(random() * ${FILMS})`
    : SPREAD === 'current'
      ? `1 + floor(${Math.min(FILMS, 2_000)} * power(random(), 2))`
      : `1 + floor(${FILMS} * power(random(), 4))`;

const client = new pg.Client({ connectionString: PG_URL });
await client.connect();
const q = (text, values) => client.query(text, values);
const log = (line = '') => process.stdout.write(`${line}\n`);

log(`Activity shelves: ${FILMS} films, ${VOTES} votes in 30 days, ${COMMENTS} comments in 7 days, ${SPREAD}`);
await q(`drop schema if exists ${SCHEMA} cascade`);
await q(`create schema ${SCHEMA}`);
execFileSync(process.execPath, [CLI, 'migrate'], {
  env: { ...process.env, DATABASE_URL: PG_URL, PGOPTIONS: `-c search_path=${SCHEMA}`, LOG_LEVEL: 'silent' },
  stdio: 'ignore',
});
await q(`set search_path = ${SCHEMA}`);
await q(`set session_replication_role = replica`);
await q(
  `insert into films (slug, title, year, source, source_id, content_hash, created_at, updated_at)
   select 'film-' || i, 'Film ' || i, 1900 + i % 120, 'bench', 'b' || i, 'h', $1, $1 from generate_series(1, $2) i`,
  [new Date(NOW - 400 * DAY_MS).toISOString(), FILMS],
);
await q(`set session_replication_role = origin`);

let started = performance.now();
await q(
  `insert into film_votes (film_id, visitor_id, score, ip_hash, counted, created_at, updated_at)
   select film_id, 'v' || i, 1 + floor(random() * 10), 'ip' || i, 1, t, t from (
     select i, ${filmOf} as film_id,
       to_char(to_timestamp(($1::bigint - floor(random() * 30 * $2)::bigint) / 1000.0) at time zone 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t
     from generate_series(1, $3) i) v
   on conflict do nothing`,
  [NOW, DAY_MS, VOTES],
);
const voteInsertMs = performance.now() - started;
started = performance.now();
await q(
  `insert into comments (film_id, author_name, author_email, body, status, reasons, body_hash, created_at, updated_at,
     status_changed_at)
   select film_id, 'Writer', 'w@example.org', 'A comment', 'approved', '[]', 'h' || i, t, t, t from (
     select i, ${filmOf} as film_id,
       to_char(to_timestamp(($1::bigint - floor(random() * 7 * $2)::bigint) / 1000.0) at time zone 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t
     from generate_series(1, $3) i) c`,
  [NOW, DAY_MS, COMMENTS],
);
await q(`insert into film_comment_days (film_id, day, comments, latest_at)
  select film_id, substr(created_at, 1, 10), count(*), max(created_at) from comments
  where status = 'approved' and author_hidden = 0 and review_id is null and film_id is not null
  group by film_id, substr(created_at, 1, 10)`);
await q('analyze');
const counts = (
  await q(`select (select count(*) from film_votes) as votes, (select count(*) from film_vote_days) as vote_days,
    (select count(distinct film_id) from film_votes) as voted_films,
    (select count(*) from comments) as comments, (select count(*) from film_comment_days) as comment_days`)
).rows[0];
log(
  `rows: ${counts.votes} votes on ${counts.voted_films} films → ${counts.vote_days} film-days; ` +
    `${counts.comments} comments → ${counts.comment_days} film-days; votes inserted in ${voteInsertMs.toFixed(0)} ms ` +
    '(triggers on)',
);

const monthAgo = new Date(NOW - 30 * DAY_MS).toISOString();
const weekAgo = new Date(NOW - 7 * DAY_MS).toISOString();
const nextDay = (iso) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
// The kept totals start where the hourly jobs put them (the migration put them at its own time: moved here to this
// run's windows, as the jobs would).
await q('update vote_window set from_day = $1', [nextDay(monthAgo)]);
await q(`delete from film_vote_window`);
await q(
  `insert into film_vote_window (film_id, votes, score_sum, rank)
  select film_id, sum(votes), sum(score_sum), (sum(score_sum) + 6) * 1.0 / (sum(votes) + 2) from film_vote_days
  where day >= $1 group by film_id`,
  [nextDay(monthAgo)],
);
await q('update comment_window set from_day = $1', [nextDay(weekAgo)]);
await q(`delete from film_comment_window`);
await q(
  `insert into film_comment_window (film_id, comments, latest_at)
  select film_id, sum(comments), max(latest_at) from film_comment_days where day >= $1 group by film_id`,
  [nextDay(weekAgo)],
);
await q('analyze');

// Before: the one statement of each shelf before decision 047. After: the statements bestRatedSince and
// mostDiscussedSince send (the window's start and the partial day at once, then the lagging films, the top of the
// kept totals, the candidates' days), in the same order; the ranking is finished in JavaScript as there.
const rank = (n, s) => (s + 6) / (n + 2);
async function highestBefore() {
  const rows = (
    await q(
      `select film_id, count(*) as n from film_votes where counted = 1 and updated_at >= $1 group by film_id
       order by (sum(score) + 6) * 1.0 / (count(*) + 2) desc, count(*) desc, film_id limit 13`,
      [monthAgo],
    )
  ).rows;
  return rows.map((r) => `${r.film_id}:${r.n}`).join(' ');
}
async function highestAfter() {
  const start = nextDay(monthAgo);
  const [w, partial] = await Promise.all([
    q('select from_day from vote_window where id = 1'),
    q(
      `select film_id, count(*) as n, sum(score) as s from film_votes where counted = 1 and updated_at >= $1
       and updated_at < $2 group by film_id`,
      [monthAgo, start],
    ),
  ]);
  const from = w.rows[0].from_day;
  const lag =
    from === start
      ? []
      : (
          await q(
            `select distinct film_id from film_vote_days where day >= $1 and day < $2`,
            from < start ? [from, start] : [start, from],
          )
        ).rows;
  const candidates = new Set([...partial.rows, ...lag].map((r) => r.film_id));
  const top = await q(`select film_id from film_vote_window order by rank desc, votes desc, film_id limit $1`, [
    13 + candidates.size,
  ]);
  for (const r of top.rows) candidates.add(r.film_id);
  const days = await q(
    `select film_id, sum(votes) as n, sum(score_sum) as s from film_vote_days
    where day >= $1 and film_id = any($2) group by film_id`,
    [start, [...candidates]],
  );
  const totals = new Map();
  for (const r of [...days.rows, ...partial.rows]) {
    const t = totals.get(r.film_id) ?? { n: 0, s: 0 };
    t.n += Number(r.n);
    t.s += Number(r.s);
    totals.set(r.film_id, t);
  }
  return [...totals]
    .sort(([a, x], [b, y]) => rank(y.n, y.s) - rank(x.n, x.s) || y.n - x.n || a - b)
    .slice(0, 13)
    .map(([id, t]) => `${id}:${t.n}`)
    .join(' ');
}
async function discussedBefore() {
  const rows = (
    await q(
      `select film_id, count(*) as n, max(created_at) as latest from comments
       where status = 'approved' and created_at >= $1 and author_hidden = 0 and review_id is null
         and film_id is not null
       group by film_id order by n desc, latest desc, film_id limit 7`,
      [weekAgo],
    )
  ).rows;
  return rows.map((r) => `${r.film_id}:${r.n}`).join(' ');
}
async function discussedAfter() {
  const start = nextDay(weekAgo);
  const [w, partial] = await Promise.all([
    q('select from_day from comment_window where id = 1'),
    q(
      `select film_id, count(*) as n, max(created_at) as latest from comments where status = 'approved'
       and created_at >= $1 and created_at < $2 and author_hidden = 0 and review_id is null and film_id is not null
       group by film_id`,
      [weekAgo, start],
    ),
  ]);
  const from = w.rows[0].from_day;
  const lag =
    from === start
      ? []
      : (
          await q(
            `select distinct film_id from film_comment_days where day >= $1 and day < $2`,
            from < start ? [from, start] : [start, from],
          )
        ).rows;
  const candidates = new Set([...partial.rows, ...lag].map((r) => r.film_id));
  const top = await q(
    `select film_id from film_comment_window order by comments desc, latest_at desc, film_id
    limit $1`,
    [7 + candidates.size],
  );
  for (const r of top.rows) candidates.add(r.film_id);
  const days = await q(
    `select film_id, sum(comments) as n, max(latest_at) as latest from film_comment_days
    where day >= $1 and film_id = any($2) group by film_id`,
    [start, [...candidates]],
  );
  const totals = new Map();
  for (const r of [...days.rows, ...partial.rows]) {
    const t = totals.get(r.film_id) ?? { n: 0, latest: '' };
    t.n += Number(r.n);
    if (r.latest > t.latest) t.latest = r.latest;
    totals.set(r.film_id, t);
  }
  return [...totals]
    .sort(([a, x], [b, y]) => y.n - x.n || (y.latest > x.latest ? 1 : y.latest < x.latest ? -1 : 0) || a - b)
    .slice(0, 7)
    .map(([id, t]) => `${id}:${t.n}`)
    .join(' ');
}

// Interleaved (each read once a round), client-side wall time with the round trips, so that the machine's load falls
// on before and after alike.
const reads = {
  'highest rated, before': highestBefore,
  'highest rated, after': highestAfter,
  'most discussed, before': discussedBefore,
  'most discussed, after': discussedAfter,
};
const times = Object.fromEntries(Object.keys(reads).map((name) => [name, []]));
const results = {};
for (let i = 0; i < RUNS; i++) {
  for (const [name, read] of Object.entries(reads)) {
    const started = performance.now();
    results[name] = await read();
    times[name].push(performance.now() - started);
  }
}
for (const [name, t] of Object.entries(times)) {
  log(`${name.padEnd(24)} median ${median(t).toFixed(2)} ms (min ${Math.min(...t).toFixed(2)}), runs ${RUNS}`);
}
const partialVotes = (
  await q('select count(*) as n from film_votes where updated_at >= $1 and updated_at < $2', [
    monthAgo,
    nextDay(monthAgo),
  ])
).rows[0].n;
log(`votes in the month's first, partial day: ${partialVotes}`);
log(`same highest rated: ${results['highest rated, before'] === results['highest rated, after']}`);
log(`same most discussed: ${results['most discussed, before'] === results['most discussed, after']}`);
log(`load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
if (process.env.BENCH_ACTIVITY_KEEP !== '1') await q(`drop schema ${SCHEMA} cascade`);
await client.end();
