import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../../test/support/databases.js';
import { MOVIE_BLOG_POSTS, movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from './wxr-import.service.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-import-'));
const file = path.join(tmp, 'blog.xml.gz');
fs.writeFileSync(file, movieBlogWxr());
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const options = (f = file) => ({
  file: f,
  filmCategories: ['English Movies', 'korean-movies'],
  limits: DEFAULT_IMPORT_LIMITS,
  ipSalt: 'test-salt',
});

describeEachDialect('WordPress import of a movie blog', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  const film = (title: string) =>
    t.db.selectFrom('films').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
  const commentOf = (body: string) =>
    t.db.selectFrom('comments').selectAll().where('body', 'like', `${body}%`).executeTakeFirstOrThrow();

  it('a dry run prints the counts and writes nothing', async () => {
    const summary = await runWxrImport(t.db, { ...options(), dryRun: true });
    expect(summary.films.inserted).toBe(2);
    expect(summary.comments).toEqual({ approved: 3, pending: 1, spam: 1, trash: 1 });
    expect(await t.db.selectFrom('films').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('comments').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('legacy_redirects').select('path').execute()).toEqual([]);
    expect(await t.db.selectFrom('wp_import_items').select('post_id').execute()).toEqual([]);
  });

  it('imports film posts with their write-up, comments, ratings and old addresses', async () => {
    const summary = await runWxrImport(t.db, options());
    expect(summary).toMatchObject({
      films: { inserted: 2, updated: 0, unchanged: 0, keptEdited: 0 },
      unpublished: 1,
      pages: { inserted: 2, updated: 0, unchanged: 0, keptEdited: 0, unpublished: 0 },
      comments: { approved: 3, pending: 1, spam: 1, trash: 1 },
      pingbacks: 2,
      ratings: 2,
    });
    const inception = await film('Inception');
    expect(inception.year).toBe(2010);
    expect(inception.synopsis).toBe(
      'A thief who steals secrets through dream-sharing is given a last job: planting an idea.',
    );
    const directors = await t.db
      .selectFrom('film_people')
      .innerJoin('people', 'people.id', 'film_people.person_id')
      .select('people.name')
      .where('film_id', '=', inception.id)
      .where('role', '=', 'director')
      .execute();
    expect(directors.map((d) => d.name)).toEqual(['Christopher Nolan']);
    // No year in the title, no director line: left empty, never guessed.
    const miracle = await film('Miracle in Cell No. 7');
    expect(miracle.year).toBe(2013);

    const writeup = await t.db
      .selectFrom('film_writeups')
      .selectAll()
      .where('film_id', '=', inception.id)
      .executeTakeFirstOrThrow();
    expect(writeup.markdown).toContain('## Our verdict');
    expect(writeup.markdown).toContain('> You mustn');
    expect(writeup.markdown).toContain('[Wikipedia](https://en.wikipedia.org/wiki/Inception)');
    expect(writeup.markdown).not.toMatch(/wp:paragraph|\[caption|\[tie_review|alert\(1\)/);
    expect(writeup.byline).toBe('editor');

    // Threads at any depth, whatever the file order (the reply to 11 came before it).
    const top = await commentOf('Loved it.');
    const reply = await commentOf('Agreed, great film!');
    const third = await commentOf('A third level.');
    expect(reply.parent_id).toBe(top.id);
    expect(third.parent_id).toBe(reply.id);
    expect(top.body).toBe('Loved it.\nSee my review (https://example.net/review)');
    expect(reply.body).toBe('Agreed, great film! x');
    expect(top.ip_hash).not.toContain('203.0.113.7');
    expect(top.ip_hash).toBeTruthy();
    expect(top.created_at).toBe('2014-03-01T10:00:00.000Z');
    expect((await commentOf('Buy cheap')).status).toBe('spam');
    expect((await commentOf('Deleted by')).status).toBe('trash');
    expect((await commentOf('Waiting')).status).toBe('pending');

    const stats = await t.db.selectFrom('film_rating_stats').selectAll().orderBy('film_id').execute();
    expect(stats.map((s) => [s.film_id, s.vote_count, s.score_sum])).toEqual([
      [inception.id, 10, 88],
      [miracle.id, 3, 24],
    ]);

    const korean = await t.db
      .selectFrom('categories')
      .selectAll()
      .where('slug', '=', 'korean-movies')
      .executeTakeFirstOrThrow();
    const asian = await t.db
      .selectFrom('categories')
      .selectAll()
      .where('slug', '=', 'asian-movies')
      .executeTakeFirstOrThrow();
    expect(korean.parent_id).toBe(asian.id);
    expect(korean.description).toBe('From Seoul & beyond');
    expect(korean.name).toBe('Korean Movies');

    const redirects = await t.db.selectFrom('legacy_redirects').select(['path', 'target']).orderBy('path').execute();
    expect(redirects).toEqual(
      expect.arrayContaining([
        { path: '/2014/02/inception-2010', target: `/film/${inception.slug}` },
        { path: '/?p=101', target: `/film/${inception.slug}` },
        { path: '/category/asian-movies/korean-movies', target: '/category/korean-movies' },
        { path: '/feed', target: '/feed.xml' },
      ]),
    );
    // The news post and the About page are pages at their old addresses; their WordPress ids redirect to them.
    const pages = await t.db.selectFrom('pages').selectAll().orderBy('path').execute();
    expect(pages.map((p) => [p.path, p.title, p.published, p.byline])).toEqual([
      ['/2014/02/festival-news', 'Festival news', 1, 'editor'],
      ['/about', 'About us', 1, 'editor'],
    ]);
    expect(pages[1]?.markdown).toBe('## Who\n\nTwo friends who like films.');
    expect(redirects).toEqual(
      expect.arrayContaining([
        { path: '/?page_id=105', target: '/about' },
        { path: '/?p=104', target: '/2014/02/festival-news' },
      ]),
    );
    expect(summary.skipped['comment on a page (pages take no comments)']).toBe(1);
    // The draft is held, not in the catalog.
    expect(await t.db.selectFrom('films').select('id').where('title', 'like', 'Tom%').execute()).toEqual([]);
  });

  it('a second run changes nothing', async () => {
    const before = await t.db.selectFrom('comments').select('id').execute();
    const summary = await runWxrImport(t.db, options());
    expect(summary.films).toEqual({ inserted: 0, updated: 0, unchanged: 2, keptEdited: 0 });
    expect(summary.pages).toEqual({ inserted: 0, updated: 0, unchanged: 2, keptEdited: 0, unpublished: 0 });
    expect(summary.comments).toEqual({ approved: 0, pending: 0, spam: 0, trash: 0 });
    expect(summary.redirects).toBe(0);
    expect(await t.db.selectFrom('comments').select('id').execute()).toHaveLength(before.length);
    const stats = await t.db.selectFrom('film_rating_stats').select('vote_count').orderBy('film_id').execute();
    expect(stats.map((s) => s.vote_count)).toEqual([10, 3]);
  });

  it('keeps an edit made here, and still brings new comments and votes', async () => {
    const inception = await film('Inception');
    await t.db
      .updateTable('films')
      .set({ title: 'Inception (edited)', updated_at: '2030-01-01T00:00:00.000Z' })
      .where('id', '=', inception.id)
      .execute();
    const posts = structuredClone(MOVIE_BLOG_POSTS);
    const first = posts[0];
    if (!first) throw new Error('fixture');
    first.comments?.push({ id: 19, parent: 13, approved: '1', content: 'A late reply' });
    first.meta = first.meta?.map(([k, v]) =>
      k === 'tie_users_num' ? [k, '12'] : k === 'tie_user_rate' ? [k, '50'] : [k, v],
    );
    const changed = path.join(tmp, 'blog-later.xml');
    fs.writeFileSync(changed, movieBlogWxr(posts));
    const summary = await runWxrImport(t.db, options(changed));
    expect(summary.films.keptEdited).toBe(1);
    expect(
      (await t.db.selectFrom('films').select('title').where('id', '=', inception.id).executeTakeFirstOrThrow()).title,
    ).toBe('Inception (edited)');
    expect(summary.comments.approved).toBe(1);
    expect((await commentOf('A late reply')).parent_id).toBe((await commentOf('A third level.')).id);
    const stats = await t.db
      .selectFrom('film_rating_stats')
      .selectAll()
      .where('film_id', '=', inception.id)
      .executeTakeFirstOrThrow();
    expect([stats.vote_count, stats.score_sum]).toEqual([12, 100]);
  });
});
