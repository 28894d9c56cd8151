import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import {
  applyDepsFor,
  FIXTURES,
  holdings,
  insertFixtureCatalog,
  tempDir,
  zipFixture,
} from '../../../test/support/member-history.js';
import { createSignedInMember } from '../../../test/support/members.js';
import { HistoryFileError, openHistory } from '../history/index.js';
import { writeZip } from '../history/zip-writer.js';
import { createList } from '../lists/index.js';
import type { HistoryOwner } from './history-apply.service.js';
import { memberHistoryZip } from './member-history-export.js';
import { importHistoryFile } from './member-import.service.js';
import { reportLines } from './member-import-report.js';

/*
 * Fixtures in test/fixtures/history/ (see src/features/history/history.test.ts for each layout's source):
 * Letterboxd's export ZIP (watched.csv, watchlist.csv, likes/films.csv: Date,Name,Year,Letterboxd URI; ratings.csv
 * +Rating 0.5–5; diary.csv Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date; reviews.csv +Review,
 * multi-line quoted; lists/*.csv "Letterboxd list export v7"), IMDb's ratings CSV (Const,Your Rating,Date Rated,Title,
 * Original Title,URL,Title Type,…), and Trakt's export JSON (watched-movies.json, ratings-movies.json,
 * lists-watchlist.json as the API's Sync calls return them, https://trakt.docs.apiary.io/).
 */

describeEachDialect('importing a member’s history', (dialect) => {
  let t: TestDatabase;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFixtureCatalog(t.db);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.destroy();
  });

  const ownerOf = async () => {
    const { member } = await createSignedInMember(t.db);
    const owner: HistoryOwner = {
      id: member.id,
      handle: member.handle,
      displayName: member.displayName,
      visitorId: member.visitorId,
      confirmed: true,
      ipHash: 'test-ip',
      userAgent: 'test',
    };
    return owner;
  };
  const run = (owner: HistoryOwner, file: string, visibility: 'public' | 'private' = 'public') =>
    importHistoryFile(applyDepsFor(t.db), owner, { path: file }, { visibility, batchSize: 3 });

  it('applies a Letterboxd export: diary with tags and 0.5 ratings, ratings, a multi-line review, likes, watchlist', async () => {
    const owner = await ownerOf();
    const report = await run(owner, zipFixture(dir, 'letterboxd'));
    const has = await holdings(t.db, owner);
    expect(has.diary).toEqual([
      // watched.csv's Crouching Tiger has no diary entry, so the day it was marked watched becomes one.
      expect.stringMatching(/^crouching-tiger-hidden-dragon 2024-01-03 score=null rewatch=0 public=1 ""$/),
      'the-matrix 2024-02-11 score=9 rewatch=1 public=1 ""',
      'the-quoted-one 2024-02-09 score=1 rewatch=0 public=1 "Tags: cold, rainy day"',
    ]);
    // Matrix: 4½ with the viewing, then 4 in ratings.csv (the current rating); Heat 1996 matched Heat 1995 (±1).
    expect(has.votes).toEqual(['heat=7', 'the-matrix=8', 'the-quoted-one=1']);
    expect(has.reviews).toEqual([
      'amelie spoiler=0 pending "First line.\\nSecond line, with a comma and a \\"quote\\"."',
    ]);
    expect(has.likes).toEqual(['heat']);
    expect(has.watchlist).toEqual(['amelie']);
    // The Quoted One's vote came with its viewing; ratings counts the votes ratings.csv set or changed.
    expect(report.added).toEqual({
      diary: 3,
      ratings: 2,
      reviews: 1,
      likes: 1,
      watchlist: 1,
      lists: 1,
      listEntries: 2,
    });
    expect(report.heldReviews).toBe(1);
    const lines = reportLines(report);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^watched\.csv: line 4: ambiguous: “Twin Film” \(2010\) could be Twin Film \(2010\) \/film\/twin-film; Twin Film \(2010\) \/film\/twin-film-\d+$/,
      ),
    );
    expect(lines).toContain('watched.csv: line 5: not in the catalog: “A Film Nobody Has” (2011)');
    expect(lines[1]).toContain('1 lists, 2 films on lists');
    expect(lines).toContainEqual(expect.stringContaining('ratings.csv: line 4'));
    expect(lines).toContainEqual(expect.stringContaining('deleted/diary.csv: deleted items, not imported'));
  });

  it('changes nothing when the same file is imported again', async () => {
    const owner = await ownerOf();
    const file = zipFixture(dir, 'letterboxd');
    await run(owner, file);
    const before = await holdings(t.db, owner);
    const stats = await t.db.selectFrom('film_rating_stats').selectAll().orderBy('film_id').execute();
    const again = await run(owner, file);
    expect(await holdings(t.db, owner)).toEqual(before);
    expect(await t.db.selectFrom('film_rating_stats').selectAll().orderBy('film_id').execute()).toEqual(stats);
    expect(again.added).toEqual({ diary: 0, ratings: 0, reviews: 0, likes: 0, watchlist: 0, lists: 0, listEntries: 0 });
    expect(again.unchanged).toBeGreaterThan(0);
  });

  /** The member's lists as "title visibility ranked description: slug "note", …" in position order. */
  const listsOf = async (owner: HistoryOwner) => {
    const lists = await t.db.selectFrom('lists').selectAll().where('member_id', '=', owner.id).orderBy('id').execute();
    const shown: string[] = [];
    for (const list of lists) {
      const entries = await t.db
        .selectFrom('list_entries as e')
        .innerJoin('films as f', 'f.id', 'e.film_id')
        .select(['f.slug', 'e.note'])
        .where('e.list_id', '=', list.id)
        .orderBy('e.position')
        .execute();
      const films = entries.map((e) => `${e.slug} ${JSON.stringify(e.note)}`).join(', ');
      shown.push(
        `${list.title} ${list.visibility} ranked=${list.ranked} ${JSON.stringify(list.description)}: ${films}`,
      );
    }
    return shown;
  };

  it('makes a Letterboxd list a member list, in order with notes, once: no second list, no feed item', async () => {
    const owner = await ownerOf();
    const file = zipFixture(dir, 'letterboxd');
    await run(owner, file, 'private');
    const expected = [
      'Best of the 90s private ranked=1 "Ten films, ranked.": heat "The diner scene.\\nEnough said.", the-matrix ""',
    ];
    expect(await listsOf(owner)).toEqual(expected);
    const again = await run(owner, file);
    expect(again.added.lists).toBe(0);
    expect(again.added.listEntries).toBe(0);
    expect(await listsOf(owner)).toEqual(expected);

    // Renamed by the member and a film taken off: the next import finds the same list and leaves the film off.
    const list = await t.db
      .selectFrom('lists')
      .select('id')
      .where('member_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    await t.db.updateTable('lists').set({ title: 'Nineties' }).where('id', '=', list.id).execute();
    await t.db.deleteFrom('list_entries').where('list_id', '=', list.id).where('note', '=', '').execute();
    const third = await run(owner, file);
    expect(third.added.lists).toBe(0);
    expect(await listsOf(owner)).toEqual([
      'Nineties private ranked=1 "Ten films, ranked.": heat "The diner scene.\\nEnough said."',
    ]);
    const feed = await t.db.selectFrom('activity_items').select('kind').where('member_id', '=', owner.id).execute();
    expect(feed).toEqual([]);
  });

  it('adds a file’s list to the member’s list of the same title', async () => {
    const owner = await ownerOf();
    const now = new Date();
    const input = { title: 'Best of the 90s', description: 'Mine', ranked: false, visibility: 'public' as const };
    const own = await applyDepsFor(t.db).writer.write((uow) => createList(uow, { memberId: owner.id }, input, now));
    const report = await run(owner, zipFixture(dir, 'letterboxd'));
    expect(report.added.lists).toBe(0);
    expect(report.added.listEntries).toBe(2);
    expect(await listsOf(owner)).toEqual([
      'Best of the 90s public ranked=0 "Mine": heat "The diner scene.\\nEnough said.", the-matrix ""',
    ]);
    expect(
      await t.db.selectFrom('list_entries').select('list_id').distinct().where('list_id', '=', own.id).execute(),
    ).toHaveLength(1);
  });

  it('applies an IMDb ratings CSV as half-stars and skips a TV series with a count', async () => {
    const owner = await ownerOf();
    const report = await run(owner, path.join(FIXTURES, 'imdb/ratings.csv'));
    expect((await holdings(t.db, owner)).votes).toEqual(['amelie=1', 'the-matrix=9']);
    expect(report.reading.skippedByReason).toEqual({ 'not a film (title type TV Series)': 1 });
  });

  it('applies a Trakt export ZIP: watched as viewings, ratings, the watchlist (shows left out)', async () => {
    const owner = await ownerOf();
    const report = await run(owner, zipFixture(dir, 'trakt-new'), 'private');
    const has = await holdings(t.db, owner);
    expect(has.diary).toContain('the-matrix 2024-05-01 score=null rewatch=0 public=0 ""');
    expect(has.votes).toContain('heat=7');
    expect(has.watchlist).toEqual(['amelie']);
    expect(report.reading.ambiguous.map((r) => r.title)).toContain('Twin Film');
  });

  it('refuses bad files with the reader’s message and changes nothing', async () => {
    const owner = await ownerOf();
    const wrong = path.join(dir, 'wrong.csv');
    fs.writeFileSync(wrong, 'Film,Stars\nHeat,5\n');
    const latin1 = path.join(dir, 'latin1.zip');
    fs.writeFileSync(
      latin1,
      writeZip([
        {
          name: 'ratings.csv',
          data: Buffer.from('Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Am\xe9lie,2001,x,4\n', 'latin1'),
        },
      ]),
    );
    const traversal = path.join(dir, 'traversal.zip');
    fs.writeFileSync(traversal, writeZip([{ name: '../diary.csv', data: Buffer.from('x') }]));
    for (const file of [wrong, latin1, traversal]) {
      const refused = await run(owner, file).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(HistoryFileError);
    }
    await expect(run(owner, wrong)).rejects.toThrow(/wrong\.csv, line 1: not a Letterboxd, IMDb or Trakt export/);
    expect(await holdings(t.db, owner)).toEqual({ diary: [], votes: [], reviews: [], likes: [], watchlist: [] });
    const ledger = await t.db
      .selectFrom('imported_history_items')
      .select('item_key')
      .where('member_id', '=', owner.id)
      .execute();
    expect(ledger).toEqual([]);
  });

  it('round trip: export → import into a fresh member loses nothing (private entries, notes, spoilers, twins)', async () => {
    const first = await ownerOf();
    await run(first, zipFixture(dir, 'letterboxd'));
    await run(first, zipFixture(dir, 'trakt-new'), 'private');
    // A viewing of one of two films sharing a title and year: only the slug tells them apart.
    const twin = await t.db
      .selectFrom('films')
      .select('id')
      .where('slug', 'like', 'twin-film-%')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('diary_entries')
      .values({
        member_id: first.id,
        film_id: twin.id,
        watched_on: '2024-06-01',
        score: null,
        rewatch: 0,
        note: 'the second one',
        is_public: 0,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    await t.db.updateTable('reviews').set({ spoiler: 1 }).where('member_id', '=', first.id).execute();
    const zip = path.join(dir, 'export.zip');
    fs.writeFileSync(zip, await memberHistoryZip(t.db, { ...first }, { site: 'test', now: new Date() }));

    const second = await ownerOf();
    const report = await run(second, zip);
    expect(report.reading.unmatched).toEqual([]);
    expect(report.reading.ambiguous).toEqual([]);
    const [a, b] = [await holdings(t.db, first), await holdings(t.db, second)];
    expect(b).toEqual(a);
    expect(b.diary).toContainEqual(expect.stringMatching(/public=0 "the second one"$/));
    // Lists travel too: the same titles, films in the same order, the same notes.
    const firstLists = await listsOf(first);
    expect(firstLists.length).toBeGreaterThan(0);
    expect(await listsOf(second)).toEqual(firstLists);
    // And the export imported back into its own member changes nothing.
    const back = await run(first, zip);
    expect(back.added).toEqual({ diary: 0, ratings: 0, reviews: 0, likes: 0, watchlist: 0, lists: 0, listEntries: 0 });
    expect(await holdings(t.db, first)).toEqual(a);
  });

  it('reports an ambiguous row with every candidate, never picking one', async () => {
    const owner = await ownerOf();
    const file = path.join(dir, 'twins.csv');
    fs.writeFileSync(file, 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Twin Film,2010,x,3\n');
    const reading = await openHistory(t.db, { path: file, name: 'ratings.csv' });
    for await (const _ of reading);
    expect(reading.report.ambiguous).toHaveLength(1);
    const report = await importHistoryFile(
      applyDepsFor(t.db),
      owner,
      { path: file, name: 'ratings.csv' },
      { visibility: 'public' },
    );
    expect(report.reading.ambiguous[0]!.candidates).toHaveLength(2);
    expect((await holdings(t.db, owner)).votes).toEqual([]);
  });
});
