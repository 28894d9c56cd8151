import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import { movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from './wxr-import.service.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-site-'));
const file = path.join(tmp, 'blog.xml');
fs.writeFileSync(file, movieBlogWxr());
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describeEachDialect('An imported WordPress blog on the site', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await runWxrImport(t.t.db, {
      file,
      filmCategories: ['English Movies', 'Korean Movies'],
      limits: DEFAULT_IMPORT_LIMITS,
      ipSalt: 'salt',
    });
  });
  afterAll(async () => t.close());

  it('shows the write-up sanitised, with the votes it brought', async () => {
    const page = await t.app.inject({ url: '/film/inception' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2>Our verdict</h2>');
    expect(page.body).toContain('<em>dazzling</em>');
    expect(page.body).toContain(
      '<a href="https://en.wikipedia.org/wiki/Inception" rel="nofollow ugc noopener">Wikipedia</a>',
    );
    expect(page.body).toContain('10 votes imported from the previous site');
    expect(page.body).not.toContain('alert(1)');
    expect(page.body).not.toContain('onclick');
    // The old site's image is linked, not loaded from there.
    expect(page.body).not.toContain('<img src="https://movies.example.org');
  });

  it.each([
    ['/2014/02/inception-2010/', '/film/inception'],
    ['/?p=101', '/film/inception'],
    ['/category/asian-movies/korean-movies/', '/category/korean-movies'],
    ['/category/english-movies/', '/category/english-movies'],
    ['/feed/', '/feed.xml'],
  ])('answers the old address %s with a 301 to %s', async (url, target) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(target);
  });

  it('still answers 404 where no redirect was stored, and the home page for other queries', async () => {
    expect((await t.app.inject({ url: '/2014/02/never-written/' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/?p=99999' })).statusCode).toBe(200);
  });
});
