import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { API_ERROR_EXAMPLE } from './api.js';
import { anchorOf, fieldRows, isErrorBody, type OpenApiDocument } from './views/api-schema-text.js';

/** The text a reader sees: tags stripped, entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describeEachDialect('API reference at /api/docs', (dialect) => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let page: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Alien', year: 1979 })]);
    doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as OpenApiDocument;
    page = (await t.app.inject({ url: '/api/docs' })).body;
  });
  afterAll(async () => t.close());

  it('lists every operation of the OpenAPI document in the index and as a section of its own', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const { method, path } of operations) {
      const id = anchorOf(method, path);
      expect(page, `${method} ${path}`).toContain(`href="#${id}"`);
      expect(page, `${method} ${path}`).toContain(`id="${id}"`);
    }
    // Grouped by tag, in the document's order.
    const tagHeadings = [...page.matchAll(/<h2 id="tag-([a-z]+)-title">/g)].map((m) => m[1]);
    expect(tagHeadings).toEqual([
      'session',
      'catalog',
      'search',
      'ratings',
      'likes',
      'comments',
      'lists',
      'members',
      'admin',
      'reviews',
      'activity',
    ]);
  });

  it('reads as a reference: readable types, rendered Markdown, no schema dumps or placeholder labels', () => {
    const text = visibleText(page);
    expect(text).not.toContain('`');
    expect(text).not.toContain('Default Response');
    expect(text).not.toContain('"properties"');
    expect(text).not.toContain('additionalProperties');
    // The films listing's limit, and the sort's choices, in words.
    expect(text).toContain('integer, 1 to 100, default 24');
    expect(text).toContain('one of "newest", "year", "title", "top-rated", "most-liked"');
    // Nested response fields as rows; Markdown code spans as <code>.
    expect(page).toContain('<code>items[].slug</code>');
    expect(page).toContain('<code>X-CSRF-Token</code>');
    expect(page).not.toMatch(/tabindex|<pre[^>]*style/);
  });

  it('documents the error body the API really sends: `fields`, not `field`', async () => {
    expect(doc.info.description).toContain('"fields"?');
    expect(doc.info.description).not.toMatch(/"field"\?/);
    const v = await TestVisitor.start(t.app);
    const refused = await v.api('PUT', '/api/v1/films/alien/rating', { stars: 7 });
    expect(refused.statusCode).toBe(400);
    // The example on the page is exactly what was sent…
    expect(refused.json()).toEqual(API_ERROR_EXAMPLE);
    expect(page).toContain(JSON.stringify(API_ERROR_EXAMPLE, null, 2).replace(/"/g, '&quot;'));
    // …and the documented schema of that operation's errors names the same keys, no more, no fewer.
    const schema =
      doc.paths['/api/v1/films/{slug}/rating']!.put!.responses!['4XX']!.content!['application/json']!.schema!;
    expect(isErrorBody(schema)).toBe(true);
    const documented = fieldRows(doc, schema).map((r) => r.name);
    expect(documented).toEqual(['error', 'error.code', 'error.message', 'error.fields']);
    const sent = ['error', ...Object.keys(refused.json().error).map((k) => `error.${k}`)];
    expect(sent.sort()).toEqual([...documented].sort());
  });
});
