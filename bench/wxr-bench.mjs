// Import of a generated WordPress export (issue 15): 10,000 film posts with 100,000 threaded comments of every status,
// Taqyeem votes, categories and tags, imported with `node dist/cli.js import … --format wxr` into a fresh SQLite file
// and a fresh PostgreSQL database: wall time and peak RSS of each, against the targets (≤ 60 s SQLite, ≤ 120 s
// PostgreSQL, ≤ 300 MB). BENCH_WXR_POSTS and BENCH_WXR_COMMENTS (per post) scale it down for a quick look;
// BENCH_WXR_PG=off skips PostgreSQL; BENCH_PG_URL is the server (default postgres://postgres@127.0.0.1:5432/postgres).
// Usage: node bench/wxr-bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CLI, fmt, ROOT, runCommand } from './lib.mjs';

export const WXR_TARGETS = { sqliteSeconds: 60, postgresSeconds: 120, rssMiB: 300 };
const GNU_TIME = '/usr/bin/time';
const SITE = 'https://movies.example.org';
const CATEGORIES = [
  ['english-movies', 'English Movies', ''],
  ['asian-movies', 'Asian Movies', ''],
  ['korean-movies', 'Korean Movies', 'asian-movies'],
  ['indian-movies', 'Indian Movies', 'asian-movies'],
  ['news', 'News', ''],
];
const STATUSES = ['1', '1', '1', '1', '1', '1', '0', 'spam', 'trash', '1'];
const WORDS = 'dream heist father prison love war city night river storm secret letter train island song'.split(' ');

const cdata = (text) => `<![CDATA[${text}]]>`;
const words = (seed, n) => Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ');

function post(id, comments) {
  const [slug, name] = CATEGORIES[id % 4]; // never News: every post is a film
  const year = 1950 + (id % 70);
  const title = `Film ${id} ${words(id, 2)} (${year})`;
  const body = `<!-- wp:paragraph --><p>Director: Person ${id % 997}</p><p>${words(id, 40)}.</p><!-- /wp:paragraph --><h2>Our verdict</h2><p><strong>${words(id + 1, 30)}</strong> [tie_review]</p>`;
  const out = [
    `<item><title>${title}</title><link>${SITE}/${year}/01/film-${id}/</link><dc:creator>${cdata('editor')}</dc:creator>`,
    `<content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded>`,
    `<wp:post_id>${id}</wp:post_id><wp:post_date>2014-01-01 12:00:00</wp:post_date><wp:post_date_gmt>2014-01-01 12:00:00</wp:post_date_gmt>`,
    `<wp:post_name>film-${id}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>`,
    `<category domain="category" nicename="${slug}">${cdata(name)}</category>`,
    `<category domain="post_tag" nicename="tag-${id % 50}">${cdata(`Tag ${id % 50}`)}</category>`,
    `<wp:postmeta><wp:meta_key>tie_users_num</wp:meta_key><wp:meta_value>${(id % 40) + 1}</wp:meta_value></wp:postmeta>`,
    `<wp:postmeta><wp:meta_key>tie_user_rate</wp:meta_key><wp:meta_value>${((id % 40) + 1) * 4}</wp:meta_value></wp:postmeta>`,
  ];
  for (let c = 0; c < comments; c++) {
    const cid = id * 100 + c;
    // Every third comment replies to the one before it: threads three deep and more.
    const parent = c % 3 === 2 ? cid - 1 : 0;
    out.push(
      `<wp:comment><wp:comment_id>${cid}</wp:comment_id><wp:comment_author>${cdata(`Reader ${cid % 5000}`)}</wp:comment_author>`,
      `<wp:comment_author_email>reader${cid % 5000}@example.net</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>`,
      `<wp:comment_author_IP>203.0.113.${cid % 250}</wp:comment_author_IP><wp:comment_date_gmt>2014-03-01 10:00:00</wp:comment_date_gmt>`,
      `<wp:comment_content>${cdata(`${words(cid, 25)}.`)}</wp:comment_content><wp:comment_approved>${STATUSES[c % STATUSES.length]}</wp:comment_approved>`,
      `<wp:comment_type></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`,
    );
  }
  out.push('</item>\n');
  return out.join('');
}

/** Write the export to `file` as a stream (the generator never holds it whole either). */
export async function writeBenchExport(file, posts, commentsPerPost) {
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Movie Night</title><link>${SITE}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${SITE}</wp:base_site_url><wp:base_blog_url>${SITE}</wp:base_blog_url>
${CATEGORIES.map(([slug, name, parent]) => `<wp:category><wp:category_nicename>${slug}</wp:category_nicename><wp:category_parent>${parent}</wp:category_parent><wp:cat_name>${cdata(name)}</wp:cat_name></wp:category>`).join('\n')}
`);
  for (let id = 1; id <= posts; id++) await write(post(id, commentsPerPost));
  await write('</channel>\n</rss>\n');
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

async function runImport(file, databaseUrl, rssFile) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  const cliArgs = ['import', file, '--format', 'wxr', '--no-related'];
  const [command, args] = fs.existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, CLI, ...cliArgs]]
    : [process.execPath, [path.join(ROOT, 'bench', 'rss-wrapper.mjs'), rssFile, ...cliArgs]];
  const started = performance.now();
  const result = await runCommand(command, args, env);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new Error(`the import exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  const rssKiB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  const films = Number(/films: (\d+) new/.exec(result.stdout)?.[1] ?? Number.NaN);
  const comments = /comments: (\d+) approved, (\d+) pending, (\d+) spam, (\d+) trash/
    .exec(result.stdout)
    ?.slice(1)
    .reduce((total, n) => total + Number(n), 0);
  return { seconds, rssMiB: rssKiB / 1024, films, comments };
}

async function freshPostgres(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function benchWxr(log = console.log) {
  const posts = Number(process.env.BENCH_WXR_POSTS ?? 10_000);
  const perPost = Number(process.env.BENCH_WXR_COMMENTS ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-wxr-bench-'));
  try {
    const file = path.join(dir, 'export.xml');
    await writeBenchExport(file, posts, perPost);
    const bytes = fs.statSync(file).size;
    log(`  generated ${fmt(posts)} posts, ${fmt(posts * perPost)} comments (${fmt(bytes / 1024 / 1024, 1)} MiB)`);
    const result = { posts, comments: posts * perPost, bytes, targets: WXR_TARGETS };
    result.sqlite = await runImport(file, `sqlite:${path.join(dir, 'bench.db')}`, path.join(dir, 'rss.txt'));
    log(
      `  SQLite:     ${result.sqlite.seconds.toFixed(1)} s, peak RSS ${fmt(result.sqlite.rssMiB)} MiB (${fmt(result.sqlite.films)} films, ${fmt(result.sqlite.comments)} comments)`,
    );
    if (process.env.BENCH_WXR_PG !== 'off') {
      const server = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
      const url = await freshPostgres(server, 'reelhouse_wxr_bench');
      result.postgres = await runImport(file, url, path.join(dir, 'rss.txt'));
      log(
        `  PostgreSQL: ${result.postgres.seconds.toFixed(1)} s, peak RSS ${fmt(result.postgres.rssMiB)} MiB (${fmt(result.postgres.films)} films, ${fmt(result.postgres.comments)} comments)`,
      );
    }
    // The targets are for the full size; a scaled-down run is reported but not judged.
    const full = posts >= 10_000 && perPost >= 10;
    result.pass = full
      ? result.sqlite.seconds <= WXR_TARGETS.sqliteSeconds &&
        result.sqlite.rssMiB <= WXR_TARGETS.rssMiB &&
        (!result.postgres ||
          (result.postgres.seconds <= WXR_TARGETS.postgresSeconds && result.postgres.rssMiB <= WXR_TARGETS.rssMiB))
      : null;
    log(
      `  targets: ≤ ${WXR_TARGETS.sqliteSeconds} s SQLite, ≤ ${WXR_TARGETS.postgresSeconds} s PostgreSQL, ≤ ${WXR_TARGETS.rssMiB} MiB: ${
        result.pass === null ? 'not judged (scaled-down run)' : result.pass ? 'met' : 'MISSED'
      }`,
    );
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Import of a generated WordPress export:');
  const result = await benchWxr();
  if (result.pass === false) process.exitCode = 1;
}
