// Test support for the member-history tests: the catalog the fixtures name, files zipped from
// test/fixtures/history, and the apply dependencies without an app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/database.js';
import { writeZip } from '../../src/features/history/zip-writer.js';
import type { ApplyDeps } from '../../src/features/member-history/history-apply.service.js';
import { DEFAULT_BALLOT_RULES } from '../../src/features/ratings/index.js';
import { NO_REVIEW_HOOKS } from '../../src/features/reviews/index.js';
import { DEFAULT_SETTINGS } from '../../src/features/settings/index.js';
import { createWriter } from '../../src/kernel/unit-of-work.js';
import { buildFilm, insertFilms } from './factories.js';

export const FIXTURES = path.resolve('test/fixtures/history');

/** The films the fixtures name: two share a title and year, one has an original title, two have ids. */
export async function insertFixtureCatalog(db: Db): Promise<void> {
  await insertFilms(db, [
    buildFilm({ title: 'The Matrix', year: 1999, imdbId: 'tt0133093', directors: ['Lana Wachowski'] }),
    buildFilm({ title: 'Crouching Tiger, Hidden Dragon', year: 2000, originalTitle: 'Wo hu cang long' }),
    buildFilm({ title: 'Twin Film', year: 2010 }),
    buildFilm({ title: 'Twin Film', year: 2010 }),
    buildFilm({ title: 'Heat', year: 1995, tmdbId: 949 }),
    buildFilm({ title: 'Amélie', year: 2001, originalTitle: "Le Fabuleux Destin d'Amélie Poulain" }),
    buildFilm({ title: 'The "Quoted" One', year: 2005 }),
  ]);
}

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-member-history-'));

/** The files under a fixture folder as a ZIP in `dir`, with `extra` files added. */
export function zipFixture(dir: string, folder: string, extra: Array<{ name: string; data: string }> = []): string {
  const root = path.join(FIXTURES, folder);
  const files = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(root, f)).isFile())
    .sort()
    .map((f) => ({ name: f.split(path.sep).join('/'), data: fs.readFileSync(path.join(root, f)) }));
  const file = path.join(dir, `${folder.replace(/\W/g, '-')}-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, writeZip([...files, ...extra.map((e) => ({ name: e.name, data: Buffer.from(e.data) }))]));
  return file;
}

export function applyDepsFor(db: Db, now = () => new Date('2026-12-05T12:00:00.000Z')): ApplyDeps {
  const writer = createWriter(db, { invalidate: () => {}, effectFailed: (error) => Promise.reject(error) });
  return {
    db,
    writer,
    now,
    ballotRules: DEFAULT_BALLOT_RULES,
    reviews: { settings: DEFAULT_SETTINGS, hooks: NO_REVIEW_HOOKS },
  };
}

/** What a member has, as comparable text: diary, votes, reviews, likes, watchlist. */
export async function holdings(db: Db, member: { id: number; visitorId: string }) {
  const diary = await db
    .selectFrom('diary_entries as d')
    .innerJoin('films as f', 'f.id', 'd.film_id')
    .select(['f.slug', 'd.watched_on', 'd.score', 'd.rewatch', 'd.note', 'd.is_public'])
    .where('d.member_id', '=', member.id)
    .orderBy('f.slug')
    .orderBy('d.watched_on')
    .execute();
  const votes = await db
    .selectFrom('film_votes as v')
    .innerJoin('films as f', 'f.id', 'v.film_id')
    .select(['f.slug', 'v.score'])
    .where('v.visitor_id', '=', member.visitorId)
    .orderBy('f.slug')
    .execute();
  const reviews = await db
    .selectFrom('reviews as r')
    .innerJoin('films as f', 'f.id', 'r.film_id')
    .select(['f.slug', 'r.body', 'r.spoiler', 'r.status'])
    .where('r.member_id', '=', member.id)
    .orderBy('f.slug')
    .execute();
  const likes = await db
    .selectFrom('film_likes as l')
    .innerJoin('films as f', 'f.id', 'l.film_id')
    .select('f.slug')
    .where('l.visitor_id', '=', member.visitorId)
    .orderBy('f.slug')
    .execute();
  const watchlist = await db
    .selectFrom('watchlist_items as w')
    .innerJoin('films as f', 'f.id', 'w.film_id')
    .select('f.slug')
    .where('w.member_id', '=', member.id)
    .orderBy('f.slug')
    .execute();
  return {
    diary: diary.map(
      (d) =>
        `${d.slug} ${d.watched_on} score=${d.score} rewatch=${d.rewatch} public=${d.is_public} ${JSON.stringify(d.note)}`,
    ),
    votes: votes.map((v) => `${v.slug}=${v.score}`),
    reviews: reviews.map((r) => `${r.slug} spoiler=${r.spoiler} ${r.status} ${JSON.stringify(r.body)}`),
    likes: likes.map((l) => l.slug),
    watchlist: watchlist.map((w) => w.slug),
  };
}
