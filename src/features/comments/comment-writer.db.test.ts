import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { readVersions } from '../../db/site-state.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { type NewCommentRow, storeComment } from './comments.service.js';

const AT = '2026-03-01T12:00:00.000Z';

const row = (filmId: number, n: number, overrides: Partial<NewCommentRow> = {}): NewCommentRow => ({
  film_id: filmId,
  parent_id: null,
  author_name: `Reader ${n}`,
  author_email: `reader${n}@example.org`,
  author_url: null,
  body: `Comment ${n} on this film.`,
  status: 'pending',
  reasons: '[]',
  spam_score: null,
  body_hash: `hash-${n}`,
  visitor_id: `visitor-${n}`,
  ip_hash: `ip-${n}`,
  user_agent: 'test',
  created_at: AT,
  updated_at: AT,
  status_changed_at: AT,
  ...overrides,
});

describeEachDialect('storing comments (group commit)', (dialect) => {
  let t: TestDatabase;
  let filmId: number;
  let invalidations = 0;
  const writerOf = (db: TestDatabase['db']) =>
    createWriter(db, {
      invalidate: () => invalidations++,
      effectFailed(error) {
        throw error;
      },
    });
  const store = (writer: ReturnType<typeof writerOf>, r: NewCommentRow) =>
    writer.writeGrouped((uow) => storeComment(uow, r));

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [buildFilm({ title: 'Written To', year: 2001 })]);
    filmId = (await t.db.selectFrom('films').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.destroy());

  it('stores comments posted at the same time, each poster getting the id of their own row', async () => {
    const writer = writerOf(t.db);
    const ids = await Promise.all(Array.from({ length: 25 }, (_, n) => store(writer, row(filmId, n))));
    expect(new Set(ids).size).toBe(25);
    const stored = await t.db.selectFrom('comments').select(['id', 'author_name']).where('id', 'in', ids).execute();
    const nameOf = new Map(stored.map((r) => [r.id, r.author_name]));
    expect(ids.map((id) => nameOf.get(id))).toEqual(ids.map((_, n) => `Reader ${n}`));
  });

  it('fails only the row that cannot be stored, not the others committed with it', async () => {
    const writer = writerOf(t.db);
    const results = await Promise.allSettled([
      store(writer, row(filmId, 100)),
      store(writer, row(999_999, 101)), // no such film: the foreign key refuses it
      store(writer, row(filmId, 102)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const names = await t.db
      .selectFrom('comments')
      .select('author_name')
      .where('author_name', 'in', ['Reader 100', 'Reader 101', 'Reader 102'])
      .orderBy('author_name')
      .execute();
    expect(names.map((r) => r.author_name)).toEqual(['Reader 100', 'Reader 102']);
  });

  it('retires cached pages when an approved comment is stored, and only then', async () => {
    const writer = writerOf(t.db);
    const before = await readVersions(t.db);
    const invalidatedBefore = invalidations;
    await store(writer, row(filmId, 200));
    expect(await readVersions(t.db)).toBe(before);
    expect(invalidations).toBe(invalidatedBefore);
    await store(writer, row(filmId, 201, { status: 'approved' }));
    expect(await readVersions(t.db)).not.toBe(before);
    expect(invalidations).toBe(invalidatedBefore + 1);
  });
});
