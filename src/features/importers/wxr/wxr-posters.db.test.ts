import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import { jpeg, startMediaServer } from '../../../../test/support/media-server.js';
import { type BlogPost, MOVIE_BLOG_POSTS, movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from './wxr-import.service.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-posters-'));
let server: Awaited<ReturnType<typeof startMediaServer>>;
let image: Buffer;

beforeAll(async () => {
  image = await jpeg();
  server = await startMediaServer(image);
  // The local copy of wp-content/uploads holds Inception's featured image only.
  fs.mkdirSync(path.join(tmp, 'uploads', '2014', '02'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'uploads', '2014', '02', 'spin.jpg'), image);
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const film = (id: number, title: string, thumbnail: number): BlogPost => ({
  id,
  title,
  slug: title.toLowerCase().replace(/\W+/g, '-'),
  categories: [['english-movies', 'English Movies']],
  meta: [['_thumbnail_id', String(thumbnail)]],
});
const attachment = (id: number, url: string): BlogPost => ({
  id,
  title: `image ${id}`,
  slug: `image-${id}`,
  type: 'attachment',
  attachmentUrl: url,
});

function blog(base: string): BlogPost[] {
  return [
    // The attachments come after the posts that use them, as in WordPress's own export order.
    ...MOVIE_BLOG_POSTS.map((p) => (p.id === 102 ? { ...p, meta: [...(p.meta ?? []), ['_thumbnail_id', '502']] } : p)),
    film(107, 'Lying Image', 503),
    film(108, 'Web Page', 504),
    film(109, 'Missing Attachment', 599),
    attachment(502, `${base}/wp-content/uploads/2014/03/miracle.jpg`),
    attachment(503, `${base}/lying.jpg`),
    attachment(504, `${base}/page.html`),
  ] as BlogPost[];
}

describeEachDialect('featured images become posters', (dialect) => {
  let t: TestApp;
  const posterDir = path.join(tmp, `posters-${dialect}`);
  const run = async () => {
    const file = path.join(tmp, `blog-${dialect}.xml`);
    fs.writeFileSync(file, movieBlogWxr(blog(server.base)));
    return runWxrImport(t.t.db, {
      file,
      filmCategories: ['English Movies', 'korean-movies'],
      limits: DEFAULT_IMPORT_LIMITS,
      ipSalt: 's',
      media: { dir: path.join(tmp, 'uploads'), fetch: true, posterDir },
    });
  };
  const posterOf = async (title: string) =>
    (await t.t.db.selectFrom('films').select('poster_key').where('title', '=', title).executeTakeFirstOrThrow())
      .poster_key;

  beforeAll(async () => {
    t = await createTestApp(dialect, { posterDir });
  });
  afterAll(async () => t.close());

  it('reads the local copy first, downloads the rest, and refuses what is not an image', async () => {
    const summary = await run();
    expect(summary.posters).toBe(2);
    expect(await posterOf('Inception')).toBeTruthy();
    expect(await posterOf('Miracle in Cell No. 7')).toBeTruthy();
    expect(await posterOf('Lying Image')).toBeNull();
    expect(await posterOf('Web Page')).toBeNull();
    expect(summary.skipped).toMatchObject({
      'featured image not downloaded: not an image (text/html)': 1,
      'featured image refused: This file is not an image: upload the poster as a JPEG, PNG or WebP file.': 1,
      'featured image: its attachment is not in the export': 1,
    });
    const page = await t.app.inject({ url: '/film/inception' });
    const src = /<img[^>]+src="(\/posters\/[^"]+)"/.exec(page.body)?.[1];
    expect(src).toBeTruthy();
    const poster = await t.app.inject({ url: src ?? '' });
    expect([poster.statusCode, poster.headers['content-type']]).toEqual([200, 'image/webp']);
  });

  it('a second run neither downloads again nor takes the poster for an admin edit', async () => {
    const before = await posterOf('Miracle in Cell No. 7');
    await server.close();
    const summary = await run();
    expect(summary.posters).toBe(0);
    expect(summary.films.keptEdited).toBe(0);
    expect(await posterOf('Miracle in Cell No. 7')).toBe(before);
    server = await startMediaServer(image);
  });
});
