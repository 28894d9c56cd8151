import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../../test/support/databases.js';
import { type BlogPost, movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from './wxr-import.service.js';

// More posts than one transaction takes, each with a thread listed reply-first: 250 films, 1,000 comments.
const POSTS = 250;
const blog: BlogPost[] = Array.from({ length: POSTS }, (_, i) => {
  const id = i + 1;
  const c = id * 10;
  return {
    id,
    title: id === 137 ? 'Refused Film (2001)' : `Film ${id} (2001)`,
    slug: `film-${id}`,
    categories: [['english-movies', 'English Movies']],
    content: `<p>Director: Person ${id}</p><p>Story ${id}.</p>`,
    meta: [
      ['tie_users_num', '2'],
      ['tie_user_rate', '8'],
    ],
    comments: [
      { id: c + 3, parent: c + 2, approved: '1', content: `reply to reply ${id}` },
      { id: c + 2, parent: c + 1, approved: '0', content: `reply ${id}` },
      { id: c + 1, approved: '1', content: `top ${id}` },
      { id: c + 4, approved: 'spam', content: `spam ${id}` },
    ],
  };
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-batches-'));
const file = path.join(tmp, 'blog.xml');
fs.writeFileSync(file, movieBlogWxr(blog));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const options = { file, filmCategories: [], limits: DEFAULT_IMPORT_LIMITS, ipSalt: 'salt' };

/** A real database rule that refuses one film, standing in for a post the database cannot take. */
async function refuseOneFilm(t: TestDatabase) {
  if (t.dialect === 'sqlite') {
    await sql`create trigger refuse_film before insert on films when new.title = 'Refused Film'
      begin select raise(abort, 'refused by the test'); end`.execute(t.db);
    return;
  }
  await sql`create function refuse_film() returns trigger language plpgsql as $$
    begin if new.title = 'Refused Film' then raise exception 'refused by the test'; end if; return new; end $$`.execute(
    t.db,
  );
  await sql`create trigger refuse_film before insert on films for each row execute function refuse_film()`.execute(
    t.db,
  );
}

describeEachDialect('WordPress import in batches', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await refuseOneFilm(t);
  });
  afterAll(async () => t.destroy());

  it('a post the database refuses costs only itself: the rest of its batch comes in whole', async () => {
    const summary = await runWxrImport(t.db, options);
    expect(summary.films.inserted).toBe(POSTS - 1);
    expect(summary.comments).toEqual({ approved: 498, pending: 249, spam: 249, trash: 0 });
    expect(summary.ratings).toBe(POSTS - 1);
    expect(Object.entries(summary.skipped)).toEqual([
      [expect.stringMatching(/the database refused the post \(.*refused by the test/), 1],
    ]);
    expect(await t.db.selectFrom('films').select('id').where('title', '=', 'Refused Film').execute()).toEqual([]);
    const orphans = await t.db
      .selectFrom('wp_import_comments')
      .select('wp_comment_id')
      .where('wp_comment_id', 'like', '137_')
      .execute();
    expect(orphans).toEqual([]);
    // 250 posts and 1,000 comments through every write's bookkeeping: 7–13 s on PostgreSQL with the suite around it.
  }, 60_000);

  it('threads stay whole: every reply under its own parent, on the same film, across every batch', async () => {
    const rows = await t.db
      .selectFrom('comments as c')
      .innerJoin('comments as p', 'p.id', 'c.parent_id')
      .select(['c.body as reply', 'p.body as parent', 'c.film_id as replyFilm', 'p.film_id as parentFilm'])
      .execute();
    expect(rows).toHaveLength(2 * (POSTS - 1));
    for (const row of rows) {
      const n = /\d+$/.exec(row.reply)?.[0];
      expect(row.parent).toBe(row.reply.startsWith('reply to reply') ? `reply ${n}` : `top ${n}`);
      expect(row.replyFilm).toBe(row.parentFilm);
    }
    const tops = await t.db.selectFrom('comments').select('body').where('parent_id', 'is', null).execute();
    expect(tops).toHaveLength(2 * (POSTS - 1));
  });

  it('counts the imported votes once, and a second run changes nothing', async () => {
    const stats = await t.db
      .selectFrom('film_rating_stats')
      .select((eb) => [eb.fn.sum<number>('vote_count').as('votes'), eb.fn.sum<number>('score_sum').as('sum')])
      .executeTakeFirstOrThrow();
    expect(Number(stats.votes)).toBe(2 * (POSTS - 1));
    expect(Number(stats.sum)).toBe(16 * (POSTS - 1));
    const again = await runWxrImport(t.db, options);
    expect(again.films).toEqual({ inserted: 0, updated: 0, unchanged: POSTS - 1, keptEdited: 0 });
    expect(again.comments).toEqual({ approved: 0, pending: 0, spam: 0, trash: 0 });
    expect(await t.db.selectFrom('comments').select('id').execute()).toHaveLength(4 * (POSTS - 1));
  });
});
