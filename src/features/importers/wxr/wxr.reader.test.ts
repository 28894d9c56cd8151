import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MOVIE_BLOG_POSTS, movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';
import { packageRoot } from '../../../lib/package-root.js';
import { ImportLimitError, type ImportLimits } from '../open-input.js';
import { decodeEntities } from './entities.js';
import { parsePhpSerialized } from './php-serialized.js';
import { metaValue, WxrError, type WxrEvent, type WxrItem } from './wxr.js';
import { readWxr } from './wxr.reader.js';

// WordPress's own importer test exports (GPL): read where they are, never copied into this repository.
// Beside the checkout, as every data set is (../shared/data); the tests skip cleanly when it is absent.
const fixtureDir = path.join(packageRoot(), '..', 'shared', 'data', 'wordpress-importer-fixtures');
const haveFixtures = fs.existsSync(path.join(fixtureDir, 'small-export.xml'));

const LIMITS: ImportLimits = { maxBytes: 64 * 1024 * 1024, maxRecordBytes: 4 * 1024 * 1024, maxRows: 1_000_000 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-reader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string, limits = LIMITS): Promise<WxrEvent[]> {
  const events: WxrEvent[] = [];
  for await (const event of readWxr(file, limits)) events.push(event);
  return events;
}
const items = (events: WxrEvent[]) => events.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
const fixture = (name: string) => path.join(fixtureDir, name);
const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};

describe.skipIf(!haveFixtures)('WXR reader on WordPress importer test exports', () => {
  it('reads the WXR 1.1 small export: posts, pages, its comment, categories with parents and descriptions', async () => {
    const events = await readAll(fixture('small-export.xml'));
    expect(events[0]).toMatchObject({ kind: 'site', site: { version: '1.1' } });
    const all = items(events);
    expect(all.filter((i) => i.postType === 'post')).toHaveLength(6);
    expect(all.filter((i) => i.postType === 'page')).toHaveLength(5);
    expect(all.flatMap((i) => i.comments)).toHaveLength(1);
    const terms = events.flatMap((e) => (e.kind === 'term' ? [e.term] : []));
    expect(terms.filter((t) => t.taxonomy === 'category')).toHaveLength(30);
    expect(terms.find((t) => t.slug === 'foo-bar')).toMatchObject({
      taxonomy: 'category',
      name: 'Foo',
      parentSlug: 'bar',
      description: 'The child foo category',
    });
    expect(terms.find((t) => t.slug === 'eternity')?.name).toBe('远征手记');
    expect(terms.filter((t) => t.taxonomy === 'post_tag').map((t) => t.slug)).toEqual(['tag1', 'tag2', 'tag3']);
    expect(all.find((i) => i.postType === 'post' && i.status === 'private')).toBeDefined();
  });

  it('reads WXR 1.0 and 1.1 samples', async () => {
    const v10 = await readAll(fixture('valid-wxr-1.0.xml'));
    expect(v10[0]).toMatchObject({ kind: 'site', site: { version: '1.0' } });
    expect(items(v10).filter((i) => i.postType === 'post')).toHaveLength(3);
    expect(items(v10).filter((i) => i.postType === 'page')).toHaveLength(3);
    expect(items(v10).flatMap((i) => i.comments)).toHaveLength(1);
    const v11 = await readAll(fixture('valid-wxr-1.1.xml'));
    expect(v11[0]).toMatchObject({ kind: 'site', site: { version: '1.1' } });
    expect(items(v11).length).toBeGreaterThan(0);
  });

  it('keeps emoji, bidi controls and combining marks exactly', async () => {
    const [post] = items(await readAll(fixture('wxr-utf-8-challenges.xml')));
    expect(post?.title).toBe('"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c');
    expect(post?.content).toContain('🚀🌟💫');
    expect(metaValue(post as WxrItem, '_utf8_test')).toContain('𝔻𝕠𝕦𝕓𝕝𝕖');
  });

  it('reads CDATA edge cases as text', async () => {
    expect(items(await readAll(fixture('cdata-edge.xml')))[0]?.content).toBe('ends with sequence ]] >');
    const escaped = items(await readAll(fixture('crazy-cdata-escaped.xml')))[0];
    expect(escaped?.meta.length).toBeGreaterThan(0);
  });

  it('reads elements by namespace URI, not by prefix', async () => {
    const events = await readAll(fixture('namespace-edge-cases.xml'));
    const logins = events.flatMap((e) => (e.kind === 'author' ? [e.author.login] : []));
    expect(logins).toEqual(['real_user', 'version_conflict']);
    const all = items(events);
    expect(all[0]?.meta.map((m) => m.key)).toEqual(['normal_key']);
    const hijacked = all.find((i) => i.title === 'Hijacked Namespace');
    expect(hijacked?.postId).toBe('');
    expect(hijacked?.meta).toEqual([]);
    // Inside CDATA an entity reference is text: nothing expands.
    expect(all.find((i) => i.title === 'Namespace Bomb')?.content).toBe('&lol1;'.repeat(10));
    const terms = events.flatMap((e) => (e.kind === 'term' ? [e.term.id] : []));
    expect(terms).toEqual(['100', '102']);
  });

  it('treats serialized PHP meta as data, and refuses objects', async () => {
    for (const name of ['test-serialized-postmeta-no-cdata.xml', 'test-serialized-postmeta-with-cdata.xml']) {
      const all = items(await readAll(fixture(name)));
      const serialized = all.flatMap((i) => i.meta).find((m) => m.value.startsWith('a:'));
      expect(serialized, name).toBeDefined();
      expect(typeof parsePhpSerialized(serialized?.value ?? '')).toBe('object');
    }
  });

  it.each([
    ['malformed.xml', /line \d+/],
    ['malformed-simple.xml', /line \d+/],
    ['crazy-cdata.xml', /line \d+/],
    ['invalid-version-tag.xml', /line 33: wp:wxr_version "abc" is not 1\.0, 1\.1 or 1\.2/],
    ['missing-version-tag.xml', /line \d+: no wp:wxr_version/],
  ])('refuses %s with the line', async (name, message) => {
    const error = await readAll(fixture(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxrError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('WXR reader on a generated movie blog', () => {
  const xml = movieBlogWxr();

  it('reads the site, categories with hierarchy, meta and every comment in file order', async () => {
    const events = await readAll(write('blog.xml', xml));
    expect(events[0]).toEqual({
      kind: 'site',
      site: { version: '1.2', title: 'Movie Night', siteUrl: 'https://movies.example.org' },
    });
    const terms = events.flatMap((e) => (e.kind === 'term' ? [e.term] : []));
    expect(terms.find((t) => t.slug === 'korean-movies')).toMatchObject({
      parentSlug: 'asian-movies',
      description: 'From Seoul &amp; beyond',
    });
    const all = items(events);
    expect(all.map((i) => i.postId)).toEqual(MOVIE_BLOG_POSTS.map((p) => String(p.id)));
    const inception = all[0] as WxrItem;
    expect(inception.title).toBe('Inception (2010)');
    expect(metaValue(inception, 'tie_user_rate')).toBe('44');
    expect(inception.comments.map((c) => [c.id, c.parentId, c.approved, c.type])).toEqual([
      ['12', '11', '1', ''],
      ['11', '0', '1', ''],
      ['13', '12', '1', ''],
      ['14', '0', '0', ''],
      ['15', '0', 'spam', ''],
      ['16', '0', 'trash', ''],
      ['17', '0', '1', 'pingback'],
      ['18', '0', '1', 'trackback'],
    ]);
    expect(inception.terms).toEqual([
      { domain: 'category', slug: 'english-movies', name: 'English Movies' },
      { domain: 'post_tag', slug: 'thriller', name: 'Thriller' },
    ]);
    // A draft has WordPress's zero GMT date: the local date is used.
    expect(all[2]?.date).toBe('2014-02-01 12:00:00');
  });

  it('reads a gzipped export the same, and WXR 1.0 and 1.1 namespaces', async () => {
    const plain = await readAll(write('blog2.xml', xml));
    expect(await readAll(write('blog.xml.gz', gzipSync(xml)))).toEqual(plain);
    for (const version of ['1.0', '1.1']) {
      const events = await readAll(write(`blog-${version}.xml`, movieBlogWxr(MOVIE_BLOG_POSTS, version)));
      expect(items(events)).toHaveLength(MOVIE_BLOG_POSTS.length);
      expect(metaValue(items(events)[1] as WxrItem, 'ratings_score')).toBe('12');
    }
  });

  it('names the line of invalid UTF-8', async () => {
    const lines = xml.split('\n');
    const at = lines.findIndex((l) => l.includes('A father wrongly imprisoned'));
    const bytes = Buffer.concat(
      lines.map((l, i) => Buffer.from(`${i === at ? `${l}\xff` : l}\n`, i === at ? 'latin1' : 'utf8')),
    );
    const error = await readAll(write('bad-utf8.xml', bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxrError);
    expect((error as Error).message).toBe(`line ${at + 1}: invalid UTF-8 (WordPress exports are UTF-8)`);
  });

  it('refuses an RSS feed that is not an export, and XML that is not RSS', async () => {
    const feed = xml.replace(/<wp:wxr_version>.*<\/wp:wxr_version>/, '');
    await expect(readAll(write('feed.xml', feed))).rejects.toThrow(/no wp:wxr_version/);
    await expect(readAll(write('atom.xml', '<feed><entry/></feed>'))).rejects.toThrow(
      'line 1: the root element is <feed>, not <rss>: not a WordPress export',
    );
    await expect(readAll(write('latin1.xml', xml.replace('UTF-8', 'ISO-8859-1')))).rejects.toThrow(/encoding/);
  });

  it('streams: items before a size limit are read, then the limit stops it', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      id: 1000 + i,
      title: `Film ${i}`,
      slug: `film-${i}`,
      content: `<p>${'x'.repeat(500)}</p>`,
    }));
    const file = write('big.xml', movieBlogWxr(many));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of readWxr(file, { ...LIMITS, maxBytes: 100_000 }))
        if (event.kind === 'item') seen.push(event.item.postId);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportLimitError);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThan(400);
  });
});

describe('serialized PHP and entities', () => {
  it('reads arrays, strings counted in bytes, numbers and booleans', () => {
    expect(parsePhpSerialized('a:2:{s:4:"name";s:6:"Résumé";s:5:"score";i:90;}')).toBeUndefined();
    expect(parsePhpSerialized('a:2:{s:4:"name";s:8:"Résumé";s:5:"score";i:90;}')).toEqual({
      name: 'Résumé',
      score: 90,
    });
    expect(parsePhpSerialized('a:2:{i:0;b:1;i:1;d:4.5;}')).toEqual([true, 4.5]);
    expect(parsePhpSerialized('N;')).toBeNull();
  });

  it('never builds objects or follows references', () => {
    expect(parsePhpSerialized('O:8:"stdClass":1:{s:1:"a";i:1;}')).toBeUndefined();
    expect(parsePhpSerialized('a:1:{i:0;O:1:"X":0:{}}')).toBeUndefined();
    expect(parsePhpSerialized('a:2:{i:0;i:1;i:1;R:2;}')).toBeUndefined();
    expect(parsePhpSerialized('not serialized')).toBeUndefined();
  });

  it('decodes the entities WordPress writes in titles', () => {
    expect(decodeEntities('Tom &amp; Jerry&#8217;s &quot;Movie&quot; &hellip; Am&eacute;lie &#x1F3AC; &bogus;')).toBe(
      'Tom & Jerry’s "Movie" … Amélie 🎬 &bogus;',
    );
  });
});
