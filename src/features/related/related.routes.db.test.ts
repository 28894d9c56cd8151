import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { insertFilms } from '../../../test/support/factories.js';
import { smallCatalog } from './related.fixtures.js';
import { rebuildRelated } from './related.service.js';

describeEachDialect('related films on the film page and in the API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, smallCatalog());
    await rebuildRelated(t.t.db);
  });
  afterAll(async () => t.close());

  it('shows a "Check Also" box with the best related film and an excerpt, then six cards with reasons', async () => {
    const page = await t.app.inject({ url: '/film/miracle-in-cell-no-7' });
    expect(page.statusCode).toBe(200);
    const box = /<aside class="check-also"[^>]*>(.*?)<\/aside>/s.exec(page.body)?.[1] ?? '';
    expect(box).toContain('Check Also');
    const excerpt = /<p class="check-also__excerpt">(.*?)<\/p>/s.exec(box)?.[1];
    expect(excerpt).toBeDefined();
    expect(excerpt!.length).toBeLessThanOrEqual(160);
    const more = /<section class="more-like-this"[^>]*>(.*?)<\/section>/s.exec(page.body)?.[1] ?? '';
    expect(more).toContain('More like this');
    const cards = [...more.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1]!);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThanOrEqual(6);
    for (const card of cards) expect(card).toMatch(/<p class="related__reason">[^<]+<\/p>/);
    expect(page.body).toContain('Same director: Lee Hwan-kyung');
  });

  it('cuts a long synopsis in the box at a word boundary, ending with "…"', async () => {
    const page = await t.app.inject({ url: '/film/seven-years-of-night' });
    const excerpt = /<p class="check-also__excerpt">(.*?)<\/p>/s.exec(page.body)?.[1] ?? '';
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(160);
  });

  it('answers GET /api/v1/films/:slug/related with slug, title, year, score and reasons, best first', async () => {
    const r = await t.app.inject({ url: '/api/v1/films/rocky/related?limit=3' });
    expect(r.statusCode).toBe(200);
    const { items } = r.json() as {
      items: { slug: string; title: string; year: number; score: number; reasons: string[] }[];
    };
    expect(items.length).toBeLessThanOrEqual(3);
    expect(items[0]).toMatchObject({ slug: 'rocky-ii', title: 'Rocky II', year: 1979 });
    expect(items[0]!.reasons).toContain('Same series');
    const scores = items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('refuses a limit over 50, naming the field, and 404s an unknown film', async () => {
    for (const limit of ['51', '0', 'ten']) {
      const r = await t.app.inject({ url: `/api/v1/films/rocky/related?limit=${limit}` });
      expect(r.statusCode).toBe(400);
      const body = r.json() as { error: { code: string; message: string; fields?: Record<string, string> } };
      expect(body.error.message).toMatch(/limit/);
    }
    const r = await t.app.inject({ url: '/api/v1/films/no-such-film/related' });
    expect(r.statusCode).toBe(404);
    expect((r.json() as { error: { code: string } }).error.code).toBe('film_not_found');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, object> };
    expect(doc.paths['/api/v1/films/{slug}/related']).toHaveProperty('get');
  });
});
