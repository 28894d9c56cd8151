// The activity feed's first and a deep page on 50,000 items: the event table Reelhouse uses (decision 037) against
// a UNION over the source tables (reviews, votes, diary entries) that needs no event rows. A fresh SQLite file is
// migrated by the CLI, then 2,000 films, 1,000 members (5% private, 2% suspended), 100,000 guest votes and 50,000
// member items are seeded straight into the database. Each query runs 200 times; the median and p95 are printed.
// Usage: node bench/activity-bench.mjs (after npm run build)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'activity-bench-'));
const file = path.join(dir, 'bench.db');
execFileSync('node', ['dist/cli.js', 'migrate'], { env: { ...process.env, DATABASE_URL: `sqlite:${file}` } });
const db = new Database(file);

function lcg(seed) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
const random = lcg(37);
const pick = (n) => 1 + Math.floor(random() * n);
const FILMS = 2000;
const MEMBERS = 1000;
const ITEMS = 50_000;

db.transaction(() => {
  const film = db.prepare(
    `insert into films (slug, title, year, synopsis, source, source_id, content_hash, created_at, updated_at)
     values (?, ?, 2000, '', 'bench', ?, 'x', '2026-01-01', '2026-01-01')`,
  );
  for (let i = 1; i <= FILMS; i++) film.run(`film-${i}`, `Film ${i}`, String(i));
  const member = db.prepare(
    `insert into members (email, email_key, handle, handle_key, display_name, password_hash, visitor_id, profile_public,
       confirmed_at, created_at, suspended_at) values (?, ?, ?, ?, ?, 'x', ?, ?, '2026-01-01', '2026-01-01', ?)`,
  );
  for (let i = 1; i <= MEMBERS; i++) {
    const r = random();
    member.run(
      `m${i}@x.org`,
      `m${i}@x.org`,
      `m${i}`,
      `m${i}`,
      `Member ${i}`,
      `v-m${i}`,
      r < 0.05 ? 0 : 1,
      r > 0.98 ? '2026-02-01' : null,
    );
  }
  const vote = db.prepare(
    `insert or ignore into film_votes (film_id, visitor_id, score, ip_hash, counted, created_at, updated_at)
     values (?, ?, ?, 'h', 1, ?, ?)`,
  );
  for (let i = 0; i < 100_000; i++) vote.run(pick(FILMS), `guest-${i}`, pick(10), '2026-03-01', '2026-03-01');
  const review = db.prepare(
    `insert or ignore into reviews (film_id, member_id, body, spoiler, status, reasons, body_hash, like_count, created_at,
       updated_at, status_changed_at) values (?, ?, 'A fine film.', 0, ?, '[]', 'h', 0, ?, ?, ?)`,
  );
  const diary = db.prepare(
    `insert into diary_entries (member_id, film_id, watched_on, score, rewatch, note, is_public, created_at, updated_at)
     values (?, ?, '2026-04-01', ?, 0, 'note', ?, ?, ?)`,
  );
  const item = db.prepare(
    `insert or ignore into activity_items (kind, member_id, film_id, subject_id, created_at) values (?, ?, ?, ?, ?)`,
  );
  const count = db.prepare('select count(*) from activity_items').pluck();
  for (let i = 0; i % 1000 !== 0 || count.get() < ITEMS; i++) {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    const m = pick(MEMBERS);
    const f = pick(FILMS);
    const kind = random();
    if (kind < 0.2) {
      const id = review.run(f, m, random() < 0.9 ? 'approved' : 'pending', at, at, at);
      if (id.changes) item.run('review', m, f, Number(id.lastInsertRowid), at);
    } else if (kind < 0.6) {
      const score = pick(10);
      vote.run(f, `v-m${m}`, score, at, at);
      if (score >= 8) item.run('rating', m, f, f, at);
    } else {
      const isPublic = random() < 0.8 ? 1 : 0;
      const id = diary.run(m, f, pick(10), isPublic, at, at);
      if (isPublic) item.run('diary', m, f, Number(id.lastInsertRowid), at);
    }
  }
})();
db.exec('analyze');

const visible = `m.suspended_at is null and m.profile_public = 1 and m.confirmed_at is not null`;
const eventPage = db.prepare(`
  select a.id, a.kind, a.created_at, m.handle, m.display_name, f.slug, f.title, r.body, v.score, d.score, d.note
  from activity_items a
  join members m on m.id = a.member_id
  left join films f on f.id = a.film_id
  left join reviews r on r.id = a.subject_id and a.kind = 'review'
  left join film_votes v on v.film_id = a.film_id and v.visitor_id = m.visitor_id and a.kind = 'rating'
  left join diary_entries d on d.id = a.subject_id and a.kind = 'diary'
  where ${visible}
    and ((a.kind = 'review' and r.status = 'approved' and r.member_id = a.member_id) or (a.kind = 'rating' and v.score >= 8)
      or (a.kind = 'diary' and d.is_public = 1) or a.kind = 'list')
    and a.id < ?
  order by a.id desc limit 31`);
// The same page without event rows: each source ordered by its own time, then merged. Votes need the member join
// to tell members' from guests' and have no index by time, so that branch sorts every member vote of 4+ stars.
const unionPage = db.prepare(`
  select * from (
    select 'review' as kind, r.id, r.created_at as at, m.handle, f.slug from reviews r
      join members m on m.id = r.member_id join films f on f.id = r.film_id
      where r.status = 'approved' and ${visible} and r.created_at < @before
    union all
    select 'rating', v.film_id, v.updated_at, m.handle, f.slug from film_votes v
      join members m on m.visitor_id = v.visitor_id join films f on f.id = v.film_id
      where v.score >= 8 and ${visible} and v.updated_at < @before
    union all
    select 'diary', d.id, d.created_at, m.handle, f.slug from diary_entries d
      join members m on m.id = d.member_id join films f on f.id = d.film_id
      where d.is_public = 1 and ${visible} and d.created_at < @before
  ) order by at desc limit 31`);

function time(label, run) {
  for (let i = 0; i < 20; i++) run();
  const samples = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: median ${samples[100].toFixed(3)} ms, p95 ${samples[190].toFixed(3)} ms`);
}

const items = db.prepare('select count(*) from activity_items').pluck().get();
console.log(`${items} activity items, ${db.prepare('select count(*) from film_votes').pluck().get()} votes`);
time('event table, first page', () => eventPage.all(Number.MAX_SAFE_INTEGER));
time('event table, page at the middle', () => eventPage.all(Math.floor(items / 2)));
const middleAt = db
  .prepare('select created_at from activity_items where id = ?')
  .pluck()
  .get(Math.floor(items / 2));
time('UNION, first page', () => unionPage.all({ before: '9999' }));
time('UNION, page at the middle', () => unionPage.all({ before: middleAt }));
db.close();
fs.rmSync(dir, { recursive: true, force: true });
