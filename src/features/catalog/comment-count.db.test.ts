import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { CommentStatus } from '../comments/comments.table.js';

describeEachDialect('comment count of a film', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Talked About' }), buildFilm({ title: 'Quiet One' })]);
    const film = await t.t.db
      .selectFrom('films')
      .select('id')
      .where('slug', '=', 'talked-about')
      .executeTakeFirstOrThrow();
    const now = '2026-11-25T10:00:00.000Z';
    const statuses: CommentStatus[] = ['approved', 'approved', 'approved', 'pending', 'spam', 'trash'];
    await t.t.db
      .insertInto('comments')
      .values(
        statuses.map((status, i) => ({
          film_id: film.id,
          parent_id: null,
          author_name: `Reader ${i}`,
          author_email: `reader${i}@example.org`,
          author_url: null,
          body: `Comment ${i}`,
          status,
          reasons: '[]',
          spam_score: null,
          body_hash: `hash-${i}`,
          visitor_id: null,
          ip_hash: null,
          user_agent: null,
          created_at: now,
          updated_at: now,
          status_changed_at: now,
        })),
      )
      .execute();
  });
  afterAll(async () => t.close());

  const movieJsonLd = async (slug: string) => {
    const html = (await t.app.inject({ url: `/film/${slug}` })).body;
    return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
      .map((m) => JSON.parse(m[1]!))
      .find((d) => d['@type'] === 'Movie');
  };

  it('counts approved comments only, in the API film detail and in the Movie JSON-LD', async () => {
    expect((await t.app.inject({ url: '/api/v1/films/talked-about' })).json().commentCount).toBe(3);
    expect((await movieJsonLd('talked-about')).commentCount).toBe(3);
    expect((await t.app.inject({ url: '/api/v1/films/quiet-one' })).json().commentCount).toBe(0);
    expect((await movieJsonLd('quiet-one')).commentCount).toBe(0);
  });

  it('documents commentCount in the OpenAPI schema of the film detail', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const schema = doc.paths['/api/v1/films/{slug}'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.commentCount).toMatchObject({ type: 'integer' });
    expect(schema.required).toContain('commentCount');
  });
});
