// `npm run bench`: builds (npm script), then runs every benchmark and prints one report; the numbers also go to
// .bench/last.json (git-ignored). Sections: a. warm film page vs bare node:http, b. import of the Wikipedia data
// set, c. vote writes (bench/votes-bench.mjs; BENCH_VOTES=off skips it), d. comment posts and a film page with 200
// comments (BENCH_COMMENTS=off skips it), e. search p50/p95 over the whole data set (bench/search-bench.mjs;
// BENCH_SEARCH=off skips it), f. related films: batch build on the data set and on a 150k synthetic catalog
// (BENCH_RELATED_FILMS, 0 skips it; adds ~15 minutes), single-film updates and the event-loop delay during an edit
// (bench/related-bench.mjs; BENCH_RELATED=off skips it), g. overload: the warm film page at 3× the concurrency of
// peak throughput and at 500 connections, with load shedding (bench/overload-bench.mjs; BENCH_OVERLOAD=off skips
// it), h. WordPress import of a generated export (bench/wxr-bench.mjs; BENCH_WXR=off skips it), i. a member profile
// with 5,000 diary entries (bench/profile-bench.mjs; BENCH_PROFILE=off skips it), j. a member's 50,000-row IMDb
// history import (bench/member-import-bench.mjs; BENCH_MEMBER_IMPORT=off skips it); a2. per visitor kind and encoding
// (issue 13 targets b, d; BENCH_PERSONAL=off), a3. mixed load (BENCH_MIXED=off), a4. cold film pages on the data set
// (target e; bench/cold-bench.mjs; BENCH_COLD=off; BENCH_COLD_DB reuses an imported database). A missed target
// makes the exit code 1. About 8 minutes on
// 2 cores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchImport, printImportSummary } from './import-bench.mjs';
import { CLI, ensureWrk, ROOT } from './lib.mjs';
import { benchPage, printPageSummary } from './page-bench.mjs';

if (!fs.existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`npm run build\` first (npm run bench does).`);
  process.exit(1);
}
ensureWrk();

const started = Date.now();
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
};
let failed = false;

console.log(`Reelhouse benchmarks — ${report.date}, Node ${report.node}, ${report.cpus} × ${report.cpuModel}`);

console.log('\na. Warm film page: Reelhouse vs bare node:http sending the same bytes (wrk -t1 -c32)');
try {
  report.page = await benchPage();
  printPageSummary(report.page);
  failed ||= !report.page.pass;
} catch (error) {
  console.log(`  ERROR: ${error.message}`);
  report.page = { error: error.message };
  failed = true;
}

if (process.env.BENCH_PERSONAL !== 'off') {
  console.log(
    '\na2. Warm film page per visitor kind and encoding (bench/personal-bench.mjs; BENCH_PERSONAL=off skips it)',
  );
  try {
    const { benchPersonal } = await import('./personal-bench.mjs');
    report.personal = await benchPersonal();
    failed ||= !report.personal.pass;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.personal = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_MIXED !== 'off') {
  console.log('\na3. Mixed load: Zipf visits, 30% voters, 1% writes (bench/mixed-bench.mjs; BENCH_MIXED=off skips it)');
  try {
    const { benchMixed } = await import('./mixed-bench.mjs');
    report.mixed = await benchMixed();
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.mixed = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_COLD !== 'off') {
  console.log(
    '\na4. Cold film pages on the Wikipedia data set: each request a film not cached (bench/cold-bench.mjs; BENCH_COLD=off skips it)',
  );
  try {
    const { benchCold } = await import('./cold-bench.mjs');
    report.cold = await benchCold();
    if (report.cold.skipped) console.log(`  skipped: ${report.cold.skipped}`);
    else failed ||= !report.cold.pass;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.cold = { error: error.message };
    failed = true;
  }
}

console.log('\nb. Import of the Wikipedia movie data set (node dist/cli.js import … --format wikipedia-json)');
try {
  report.import = await benchImport();
  printImportSummary(report.import);
  failed ||= report.import.idempotent === false;
} catch (error) {
  console.log(`  ERROR: ${error.message}`);
  report.import = { error: error.message };
  failed = true;
}

if (process.env.BENCH_VOTES !== 'off') {
  console.log('\nc. Vote writes (PUT /api/v1/films/:slug/rating, SQLite, wrk -t1 -c32)');
  try {
    const { benchVotes } = await import('./votes-bench.mjs');
    report.votes = await benchVotes();
    const v = report.votes;
    console.log(`  ${v.writesPerSecond.toFixed(0)} writes/s (target ≥ ${v.target}), non-2xx: ${v.non2xx}`);
    if (v.writesPerSecond < v.target) failed = true;
    console.log(
      `  ${v.votesStored} distinct votes stored; aggregates differing from a recount: ${v.aggregatesMismatched}`,
    );
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.votes = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_COMMENTS !== 'off') {
  console.log(
    '\nd. Comments: POST /api/v1/films/:slug/comments (SQLite, wrk -t1 -c32), and a film page with 200 comments',
  );
  try {
    const { benchComments, COMMENT_POST_TARGET } = await import('./comments-bench.mjs');
    report.comments = await benchComments((line) => console.log(`  ${line}`));
    if (report.comments.postsPerSecond < COMMENT_POST_TARGET || report.comments.ratio < 0.5) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.comments = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_SEARCH !== 'off') {
  console.log('\ne. Search over the Wikipedia movie data set (SQLite, sequential requests on one connection)');
  try {
    const { benchSearch } = await import('./search-bench.mjs');
    report.search = await benchSearch((line) => console.log(line));
    if (report.search.skipped) console.log(`  skipped: ${report.search.skipped}`);
    else if (!report.search.pass) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.search = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_RELATED !== 'off') {
  console.log(
    '\nf. Related films: batch build (related --rebuild) at 36k and on a synthetic catalog, updates, event-loop delay',
  );
  try {
    const { benchRelated, printRelatedSummary } = await import('./related-bench.mjs');
    report.related = await benchRelated((line) => console.log(line));
    printRelatedSummary(report.related);
    if (report.related.pass === false) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.related = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_WXR !== 'off') {
  console.log('\nh. WordPress import: a generated export of 10,000 posts and 100,000 comments (SQLite, PostgreSQL)');
  try {
    const { benchWxr } = await import('./wxr-bench.mjs');
    report.wxr = await benchWxr();
    failed ||= report.wxr.pass === false;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.wxr = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_OVERLOAD !== 'off') {
  console.log('\ng. Overload: warm film page at 3× the concurrency of peak throughput, then 500 connections (SQLite)');
  try {
    const { benchOverload, printOverloadSummary } = await import('./overload-bench.mjs');
    report.overload = await benchOverload();
    printOverloadSummary(report.overload);
    if (!report.overload.pass) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.overload = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_PROFILE !== 'off') {
  console.log('\ni. Member profile with 5,000 diary entries, page cache off (SQLite, 50 sequential renders)');
  try {
    const { benchProfile } = await import('./profile-bench.mjs');
    report.profile = await benchProfile();
    if (!report.profile.pass) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.profile = { error: error.message };
    failed = true;
  }
}

if (process.env.BENCH_MEMBER_IMPORT !== 'off') {
  console.log('\nj. A member imports a 50,000-row IMDb ratings file (reelhouse member-import, SQLite, demo catalog)');
  try {
    const { benchMemberImport } = await import('./member-import-bench.mjs');
    report.memberImport = await benchMemberImport();
    if (!report.memberImport.pass) failed = true;
  } catch (error) {
    console.log(`  ERROR: ${error.message}`);
    report.memberImport = { error: error.message };
    failed = true;
  }
}

report.totalSeconds = (Date.now() - started) / 1000;
const out = path.join(ROOT, '.bench', 'last.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nTotal ${report.totalSeconds.toFixed(0)} s. Results written to ${path.relative(process.cwd(), out)}`);
if (failed) process.exitCode = 1;
