import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../../test/support/databases.js';
import { disqusExport } from '../../../../test/support/disqus-export.js';
import { movieBlogWxr, SITE } from '../../../../test/support/wxr-movie-blog.js';
import { DEFAULT_IMPORT_LIMITS } from '../import.service.js';
import { runWxrImport } from '../wxr/wxr-import.service.js';
import { runDisqusImport } from './disqus-import.service.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'disqus-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const THREADS = [
  // The old permalink of an imported post: matched through its stored redirect.
  { id: '900', link: `${SITE}/2014/02/inception-2010/`, title: 'Inception review' },
  // A link nothing knows, but the title names one film.
  { id: '901', link: `${SITE}/?p=9999`, title: 'Miracle in Cell No. 7 (2013)' },
  { id: '902', link: `${SITE}/about/`, title: 'About us' },
];
const POSTS = [
  // The reply comes before its parent.
  { id: '2', thread: '900', parent: '1', message: '<p>Agreed!</p>' },
  { id: '1', thread: '900', message: '<p>Best <b>heist</b> film.</p>', author: 'Ann' },
  { id: '3', thread: '900', parent: '2', message: 'Third level' },
  { id: '4', thread: '900', message: 'Removed by me', deleted: true },
  { id: '5', thread: '901', message: 'Cheap watches', spam: true },
  { id: '6', thread: '901', message: 'So sad &amp; good' },
  { id: '7', thread: '902', message: 'Nice site' },
  { id: '8', thread: '901', parent: '77', message: 'Reply to a post Disqus lost' },
];

describeEachDialect('Disqus import', (dialect) => {
  let t: TestDatabase;
  const file = path.join(tmp, `disqus-${dialect}.xml.gz`);
  const options = { file, limits: DEFAULT_IMPORT_LIMITS, ipSalt: 'salt' };
  const comment = (body: string) =>
    t.db.selectFrom('comments').selectAll().where('body', '=', body).executeTakeFirstOrThrow();
  const filmId = async (title: string) =>
    (await t.db.selectFrom('films').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const wxr = path.join(tmp, `blog-${dialect}.xml`);
    fs.writeFileSync(wxr, movieBlogWxr());
    await runWxrImport(t.db, { ...options, file: wxr, filmCategories: ['English Movies', 'korean-movies'] });
    fs.writeFileSync(file, gzipSync(disqusExport(THREADS, POSTS)));
  });
  afterAll(async () => t.destroy());

  it('a dry run counts and writes nothing', async () => {
    const before = await t.db.selectFrom('comments').select('id').execute();
    const summary = await runDisqusImport(t.db, { ...options, dryRun: true });
    expect(summary.threads).toEqual({ byLink: 1, byTitle: 1, unmatched: 1 });
    expect(summary.comments).toEqual({ approved: 5, pending: 0, spam: 1, trash: 1 });
    expect(await t.db.selectFrom('comments').select('id').execute()).toHaveLength(before.length);
  });

  it('files posts under the films their threads were about, threaded, with their flags', async () => {
    const summary = await runDisqusImport(t.db, options);
    expect(summary.threads).toEqual({ byLink: 1, byTitle: 1, unmatched: 1 });
    expect(summary.comments).toEqual({ approved: 5, pending: 0, spam: 1, trash: 1 });
    expect(summary.skipped).toEqual({ 'post on a thread that matched no film': 1 });
    const inception = await filmId('Inception');
    const top = await comment('Best heist film.');
    const reply = await comment('Agreed!');
    const third = await comment('Third level');
    expect([top.film_id, top.parent_id, top.author_name, top.author_email]).toEqual([
      inception,
      null,
      'Ann',
      'ann@example.net',
    ]);
    expect(reply.parent_id).toBe(top.id);
    expect(third.parent_id).toBe(reply.id);
    expect(top.ip_hash).toBeTruthy();
    expect(top.ip_hash).not.toContain('198.51.100.4');
    expect((await comment('Removed by me')).status).toBe('trash');
    const spam = await comment('Cheap watches');
    expect([spam.status, spam.film_id]).toEqual(['spam', await filmId('Miracle in Cell No. 7')]);
    expect((await comment('So sad & good')).status).toBe('approved');
    expect((await comment('Reply to a post Disqus lost')).parent_id).toBeNull();
  });

  it('a second run changes nothing', async () => {
    const before = await t.db.selectFrom('comments').select('id').execute();
    const summary = await runDisqusImport(t.db, options);
    expect(summary.comments).toEqual({ approved: 0, pending: 0, spam: 0, trash: 0 });
    expect(summary.unchanged).toBe(7);
    expect(await t.db.selectFrom('comments').select('id').execute()).toHaveLength(before.length);
  });

  it('a file that is not a Disqus export is refused with the line named', async () => {
    const bad = path.join(tmp, `bad-${dialect}.xml`);
    fs.writeFileSync(bad, disqusExport(THREADS, POSTS).replace('</thread>', ''));
    await expect(runDisqusImport(t.db, { ...options, file: bad })).rejects.toThrow(/malformed XML: line \d+/);
    fs.writeFileSync(bad, movieBlogWxr());
    await expect(runDisqusImport(t.db, { ...options, file: bad })).rejects.toThrow(
      /line \d+: the root element is <rss>/,
    );
  });
});
