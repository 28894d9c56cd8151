import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { Db } from '../../db/database.js';
import { systemClock } from '../../lib/clock.js';
import { createContext } from '../../server/context.js';
import { saveImportedFilm } from '../catalog/index.js';
import { smallCatalog } from './related.fixtures.js';
import { relatedOnFilmChange } from './related.section.js';
import { getRelatedFilms, rebuildRelated } from './related.service.js';
import { RelatedWorker } from './related.worker.js';
import { titleBase } from './text.js';

async function idOf(db: Db, slug: string): Promise<number> {
  const row = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

describe('series titles', () => {
  it('finds the base title and the sequel number', () => {
    expect(titleBase('Rocky II')).toEqual({ base: 'rocky', number: 2 });
    expect(titleBase('The Godfather Part II')).toEqual({ base: 'the godfather', number: 2 });
    expect(titleBase('Jaws 3-D')).toEqual({ base: 'jaws', number: 3 });
    expect(titleBase('Death Wish 4: The Crackdown')).toEqual({ base: 'death wish', number: 4 });
    expect(titleBase('Malcolm X')).toEqual({ base: 'malcolm x', number: null });
    expect(titleBase('Class of 1984')).toEqual({ base: 'class of 1984', number: null });
  });
});

describeEachDialect('related films, batch build', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, smallCatalog());
    await rebuildRelated(t.db);
  });
  afterAll(async () => t.destroy());

  it('puts the sequel first and says it is the same series', async () => {
    const list = await getRelatedFilms(t.db, await idOf(t.db, 'rocky'), 12);
    expect(list[0]?.slug).toBe('rocky-ii');
    expect(list[0]?.reasons).toContain('Same series');
    expect(list[0]?.reasons).toContain('Also stars Sylvester Stallone');
    const back = await getRelatedFilms(t.db, await idOf(t.db, 'rocky-ii'), 12);
    expect(back[0]?.title).toBe('Rocky');
  });

  it('never lists a film itself or its duplicate (same title and year)', async () => {
    for (const slug of ['rocky', 'rocky-1976', 'miracle-in-cell-no-7']) {
      const list = await getRelatedFilms(t.db, await idOf(t.db, slug), 50);
      expect(list.map((f) => f.slug)).not.toContain(slug);
      if (slug.startsWith('rocky')) expect(list.some((f) => f.title === 'Rocky' && f.year === 1976)).toBe(false);
    }
  });

  it('gives reasons a reader understands: same director, shared cast, shared story words', async () => {
    const list = await getRelatedFilms(t.db, await idOf(t.db, 'miracle-in-cell-no-7'), 12);
    const bySlug = new Map(list.map((f) => [f.slug, f]));
    expect(bySlug.get('champ')?.reasons).toContain('Same director: Lee Hwan-kyung');
    const seven = bySlug.get('seven-years-of-night');
    expect(seven?.reasons).toContain('Also stars Ryu Seung-ryong');
    const story = seven?.reasons.find((r) => r.startsWith('Similar story: '));
    expect(story).toBeDefined();
    // Surface words, not stems, and only words both synopses use.
    for (const word of story!.replace('Similar story: ', '').split(' · ')) {
      expect(['prison', 'daughter', 'trial', 'convicted', 'murder', 'cell']).toContain(word);
    }
    const slugs = list.map((f) => f.slug);
    if (slugs.includes('a-quiet-place')) {
      expect(slugs.indexOf('a-quiet-place')).toBeGreaterThan(slugs.indexOf('seven-years-of-night'));
    }
  });

  it('gives a film with an empty synopsis neighbours from its metadata', async () => {
    const list = await getRelatedFilms(t.db, await idOf(t.db, 'dust-trail'), 12);
    expect(list.map((f) => f.slug)).toEqual(expect.arrayContaining(['high-noon', 'shane']));
    expect(list[0]?.reasons[0]).toMatch(/Same genre/);
  });
});

const quietLog = {
  debug() {},
  error(error: unknown) {
    throw error;
  },
};

describeEachDialect('related films follow admin writes (filmChangeListeners)', (dialect) => {
  let t: TestDatabase;
  let notify: (change: { filmId: number; kind: 'created' | 'updated' | 'deleted' }) => Promise<void>;
  let updater: RelatedWorker;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, smallCatalog());
    await rebuildRelated(t.db);
    // The listener as the admin editing feature calls it, writing through the app context's writer; it queues the
    // film and starts the worker, and the test waits for the worker.
    const ctx = createContext(testConfig(), t.db, systemClock);
    updater = new RelatedWorker(ctx.db, ctx.writer, { clock: systemClock, onError: quietLog.error });
    const listener = relatedOnFilmChange({ worker: updater, log: quietLog });
    notify = async (change) => {
      await listener(change);
      await updater.drain();
    };
  });
  afterAll(async () => t.destroy());

  it('a new sequel gets its own list and enters the lists of its series', async () => {
    await insertFilms(t.db, [
      buildFilm({
        title: 'Rocky III',
        year: 1982,
        synopsis: 'Rocky Balboa loses his title to Clubber Lang and asks his old rival Apollo Creed to train him.',
        directors: ['Sylvester Stallone'],
        cast: ['Sylvester Stallone', 'Talia Shire'],
        genres: ['Sports'],
      }),
    ]);
    const id = await idOf(t.db, 'rocky-iii');
    await notify({ filmId: id, kind: 'created' }); // loads the model once
    // How fast is for related.entry.db.test.ts (each way into the catalog, ≤ 1 s) and the benches, not this test.
    await notify({ filmId: id, kind: 'updated' });
    const own = await getRelatedFilms(t.db, id, 12);
    expect(own.slice(0, 2).map((f) => f.slug)).toEqual(expect.arrayContaining(['rocky', 'rocky-ii']));
    const rocky = await getRelatedFilms(t.db, await idOf(t.db, 'rocky-ii'), 12);
    expect(rocky.slice(0, 2).map((f) => f.slug)).toContain('rocky-iii');
  });

  it('an edit that changes what a film is about moves it out of lists it no longer belongs in', async () => {
    const id = await idOf(t.db, 'raging-bull');
    const before = await getRelatedFilms(t.db, await idOf(t.db, 'the-cooking-show'), 12);
    await t.db.transaction().execute(async (trx) => {
      await saveImportedFilm(
        trx,
        {
          ...smallCatalog()[7]!,
          source: 'test',
          sourceId: (await trx.selectFrom('films').select('source_id').where('id', '=', id).executeTakeFirstOrThrow())
            .source_id,
          title: 'Raging Bull',
          synopsis: 'A chef in Paris enters a televised cooking contest and loses his temper on camera.',
          genres: ['Comedy'],
          cast: [],
        },
        new Date().toISOString(),
      );
    });
    await notify({ filmId: id, kind: 'updated' });
    const after = await getRelatedFilms(t.db, await idOf(t.db, 'the-cooking-show'), 12);
    expect(after[0]?.slug).toBe('raging-bull');
    expect(after[0]?.reasons.join(' ')).toMatch(/Similar story: .*(cook|contest|paris|chef|televis)/);
    expect(before[0]?.slug).not.toBe('raging-bull');
  });

  it('the scheduled audience refresh brings in what fans liked, without a full rebuild', async () => {
    const shane = await idOf(t.db, 'shane');
    const champ = await idOf(t.db, 'champ');
    const now = new Date().toISOString();
    await t.db
      .insertInto('film_likes')
      .values(
        Array.from({ length: 15 }, (_, i) => [
          { film_id: shane, visitor_id: `fan-${i}`, ip_hash: 'ip', created_at: now },
          { film_id: champ, visitor_id: `fan-${i}`, ip_hash: 'ip', created_at: now },
        ]).flat(),
      )
      .execute();
    expect((await getRelatedFilms(t.db, shane, 12)).some((f) => f.slug === 'champ')).toBe(false);
    expect(await updater.refreshAudience()).toBe(2);
    const list = await getRelatedFilms(t.db, shane, 12);
    expect(list[0]).toMatchObject({ slug: 'champ', reasons: expect.arrayContaining(['Fans of this also liked it']) });
  });

  it('a deleted film leaves every list', async () => {
    const id = await idOf(t.db, 'rocky-ii');
    const rocky = await idOf(t.db, 'rocky');
    await t.db.deleteFrom('films').where('id', '=', id).execute();
    await notify({ filmId: id, kind: 'deleted' });
    const list = await getRelatedFilms(t.db, rocky, 50);
    expect(list.map((f) => f.slug)).not.toContain('rocky-ii');
    expect(list[0]?.slug).toBe('rocky-iii');
  });
});

describeEachDialect('related films from the audience (likes and high ratings)', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, smallCatalog());
  });
  afterAll(async () => t.destroy());

  it('relates films that the same visitors liked, says so, and grows with the evidence', async () => {
    const quiet = await idOf(t.db, 'a-quiet-place');
    const cooking = await idOf(t.db, 'the-cooking-show');
    const now = new Date().toISOString();
    const like = (filmId: number, visitor: string) => ({
      film_id: filmId,
      visitor_id: visitor,
      ip_hash: 'ip',
      created_at: now,
    });
    // Two fans in common: some evidence, not yet enough to beat what the stories share.
    await t.db
      .insertInto('film_likes')
      .values([like(quiet, 'v0'), like(cooking, 'v0'), like(quiet, 'v1'), like(cooking, 'v1')])
      .execute();
    await rebuildRelated(t.db);
    const few = (await getRelatedFilms(t.db, quiet, 12)).find((f) => f.slug === 'the-cooking-show');
    // Twelve fans in common, and votes of 4+ stars count like likes.
    const votes = Array.from({ length: 10 }, (_, i) => `v${i + 2}`).flatMap((visitor) => [
      { film_id: quiet, visitor_id: visitor, score: 9, ip_hash: 'ip', counted: 1, created_at: now, updated_at: now },
      { film_id: cooking, visitor_id: visitor, score: 8, ip_hash: 'ip', counted: 1, created_at: now, updated_at: now },
    ]);
    await t.db.insertInto('film_votes').values(votes).execute();
    await rebuildRelated(t.db);
    const list = await getRelatedFilms(t.db, quiet, 12);
    expect(list[0]?.slug).toBe('the-cooking-show');
    expect(list[0]?.reasons).toContain('Fans of this also liked it');
    expect(list[0]!.score).toBeGreaterThan(few?.score ?? 0);
  });
});

describeEachDialect('related films on two instances sharing one database (the queue, decision 042)', (dialect) => {
  let t: TestDatabase;
  let a: RelatedWorker;
  let b: RelatedWorker;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, smallCatalog());
    await rebuildRelated(t.db);
    const ctx = createContext(testConfig(), t.db, systemClock);
    // Two workers, each with its own model, as two instances have.
    a = new RelatedWorker(ctx.db, ctx.writer, { clock: systemClock, onError: quietLog.error, runner: 'instance-a' });
    b = new RelatedWorker(ctx.db, ctx.writer, { clock: systemClock, onError: quietLog.error, runner: 'instance-b' });
    // Both models are loaded before the films below exist.
    await a.refreshAudience();
    await b.refreshAudience();
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await t.destroy();
  });

  const sequel = (title: string, year: number) =>
    buildFilm({
      title,
      year,
      synopsis: 'Rocky Balboa loses his title to Clubber Lang and asks his old rival Apollo Creed to train him.',
      directors: ['Sylvester Stallone'],
      cast: ['Sylvester Stallone', 'Talia Shire'],
      genres: ['Sports'],
    });

  it('a film written on one instance and its near copy on another list each other', async () => {
    await insertFilms(t.db, [sequel('Rocky III', 1982)]);
    const third = await idOf(t.db, 'rocky-iii');
    // The insert queued the film in its own transaction (migration 2026-12-06-03): no call to enqueue.
    await a.drain();
    await insertFilms(t.db, [sequel('Rocky III: The Final Bell', 1982)]);
    const copy = await idOf(t.db, 'rocky-iii-the-final-bell');
    await b.drain();
    expect((await getRelatedFilms(t.db, copy, 24)).map((f) => f.slug)).toContain('rocky-iii');
    expect((await getRelatedFilms(t.db, third, 24)).map((f) => f.slug)).toContain('rocky-iii-the-final-bell');
    // A row is worked by one worker only: nothing is left waiting, and each row says who did it.
    const rows = await t.db
      .selectFrom('related_queue')
      .select(['film_id', 'claimed_by', 'done_at'])
      .where('film_id', 'in', [third, copy])
      .orderBy('film_id')
      .execute();
    expect(rows.every((r) => r.done_at !== null)).toBe(true);
    expect(rows.map((r) => [r.film_id, r.claimed_by])).toEqual([
      [third, 'instance-a'],
      [copy, 'instance-b'],
    ]);
  });

  it('a film deleted on one instance leaves every list, and the other instance updates its neighbours', async () => {
    const gone = await idOf(t.db, 'rocky-iii');
    const rocky = await idOf(t.db, 'rocky');
    await t.db.deleteFrom('films').where('id', '=', gone).execute();
    await a.drain();
    // B's model still held the deleted film; its next update of a neighbour must neither fail nor list it.
    await b.enqueue([rocky]);
    await b.drain();
    const lists = await t.db.selectFrom('related_films').select('film_id').where('related_id', '=', gone).execute();
    expect(lists).toEqual([]);
    expect((await getRelatedFilms(t.db, rocky, 24)).map((f) => f.slug)).toContain('rocky-iii-the-final-bell');
  });
});
