// The related-films queue is written by the film write's own transaction (migration 2026-12-06-03, decision 048), and an instance
// with RELATED_WORKER=off serves lists while another worker follows the films it writes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { Db } from '../../db/database.js';
import { systemClock } from '../../lib/clock.js';
import { createContext } from '../../server/context.js';
import { saveImportedFilm } from '../catalog/index.js';
import { smallCatalog } from './related.fixtures.js';
import { getRelatedFilms, rebuildRelated } from './related.service.js';
import { RelatedWorker } from './related.worker.js';

const queueRows = (db: Db, filmId?: number) =>
  db
    .selectFrom('related_queue')
    .select(['id', 'film_id', 'claimed_by', 'done_at'])
    .$if(filmId !== undefined, (q) => q.where('film_id', '=', filmId ?? 0))
    .orderBy('id')
    .execute();

const filmId = async (db: Db, slug: string) =>
  (await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst())?.id;

describeEachDialect('a film write queues its related-films update in its own transaction', (dialect) => {
  let t: TestDatabase;
  const now = '2026-12-05T12:00:00.000Z';
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('a rolled-back film write leaves no queue row; a committed one always leaves one', async () => {
    const failed = t.db.transaction().execute(async (trx) => {
      await saveImportedFilm(trx, buildFilm({ title: 'Never Saved', year: 1990 }), now);
      throw new Error('the import batch failed after the film was written');
    });
    await expect(failed).rejects.toThrow('the import batch failed');
    expect(await filmId(t.db, 'never-saved')).toBeUndefined();
    expect(await queueRows(t.db)).toEqual([]);

    await insertFilms(t.db, [
      buildFilm({ sourceId: 'saved', title: 'Saved', year: 1990, synopsis: 'A clerk keeps a secret.' }),
    ]);
    const saved = (await filmId(t.db, 'saved'))!;
    expect((await queueRows(t.db)).map((r) => [r.film_id, r.done_at])).toEqual([[saved, null]]);
  });

  it('an edit, a re-import with a new synopsis and a delete each queue the film; a rolled-back delete does not', async () => {
    const saved = (await filmId(t.db, 'saved'))!;
    const before = (await queueRows(t.db, saved)).length;
    await insertFilms(t.db, [
      buildFilm({ sourceId: 'saved', title: 'Saved', year: 1990, synopsis: 'A clerk keeps two secrets.' }),
    ]);
    expect((await queueRows(t.db, saved)).length).toBe(before + 1);

    const rolledBack = t.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('films').where('id', '=', saved).execute();
      throw new Error('the delete was refused');
    });
    await expect(rolledBack).rejects.toThrow('refused');
    expect((await queueRows(t.db, saved)).length).toBe(before + 1);

    await t.db.deleteFrom('films').where('id', '=', saved).execute();
    expect((await queueRows(t.db, saved)).length).toBe(before + 2);
  });

  it('a vote count or a poster written to a film queues nothing (they do not change what it is about)', async () => {
    await insertFilms(t.db, [buildFilm({ title: 'Rated', year: 1991 })]);
    const rated = (await filmId(t.db, 'rated'))!;
    const queued = (await queueRows(t.db, rated)).length;
    await t.db.updateTable('films').set({ rating_votes: 12, like_count: 3 }).where('id', '=', rated).execute();
    await t.db
      .updateTable('films')
      .set({ poster_key: `${rated}/abc-600`, updated_at: now })
      .where('id', '=', rated)
      .execute();
    expect((await queueRows(t.db, rated)).length).toBe(queued);
  });
});

describeEachDialect('RELATED_WORKER=off: an instance serves lists and leaves the queue to another', (dialect) => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(dialect, { relatedWorker: false }, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, smallCatalog());
    await rebuildRelated(t.t.db);
  });
  afterAll(async () => t?.close());

  it('serves the stored lists, queues its film writes, and another worker follows them', async () => {
    const rocky = (await filmId(t.t.db, 'rocky'))!;
    const served = await t.app.inject({ url: '/api/v1/films/rocky/related?limit=3' });
    expect(served.statusCode).toBe(200);
    expect(served.json().items[0].slug).toBe('rocky-ii');

    const admin = await logIn(t, ADMIN, '192.0.2.61');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
    const genre = await t.t.db.selectFrom('genres').select('id').where('name', '=', 'Sports').executeTakeFirstOrThrow();
    const created = await postMultipart(admin, '/admin/films', {
      title: 'Rocky IV',
      year: '1985',
      synopsis: 'Rocky Balboa travels to the Soviet Union to fight the boxer who killed Apollo Creed in the ring.',
      origin: 'United States',
      language: 'English',
      genreIds: String(genre.id),
      directors: 'Sylvester Stallone',
      cast: 'Sylvester Stallone\nTalia Shire',
    });
    expect(created.statusCode, created.body).toBe(303);
    const fourth = (await filmId(t.t.db, 'rocky-iv'))!;
    // Nothing in this instance followed it: the film waits on the queue, with no list yet.
    expect((await queueRows(t.t.db, fourth)).map((r) => r.done_at)).toEqual([null]);
    expect(await getRelatedFilms(t.t.db, fourth, 24)).toEqual([]);

    // Another instance (or `reelhouse related --work`) works the queue.
    const other = createContext(testConfig(), t.t.db, systemClock);
    const worker = new RelatedWorker(other.db, other.writer, {
      clock: systemClock,
      onError: (error) => {
        throw error;
      },
      runner: 'instance-with-worker',
    });
    await worker.drain();
    await worker.stop();
    expect((await queueRows(t.t.db, fourth)).map((r) => r.claimed_by)).toEqual(['instance-with-worker']);
    expect((await queueRows(t.t.db, fourth)).every((r) => r.done_at !== null)).toBe(true);
    const own = (await getRelatedFilms(t.t.db, fourth, 24)).map((f) => f.slug);
    expect(own.slice(0, 3)).toContain('rocky-ii');
    expect((await getRelatedFilms(t.t.db, rocky, 24)).map((f) => f.slug)).toContain('rocky-iv');
    // And this instance serves the lists the other one wrote.
    const after = await t.app.inject({ url: '/api/v1/films/rocky-iv/related?limit=24' });
    expect(after.json().items.map((f: { slug: string }) => f.slug)).toEqual(own);
    // A login (password hash), a model read and an admin save that waits up to 2 s: slow on a loaded machine.
  }, 90_000);
});
