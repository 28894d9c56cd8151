import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import type { TestVisitor } from '../../../../test/support/visitor.js';
import { movieBlogWxr } from '../../../../test/support/wxr-movie-blog.js';

describeEachDialect('admin import of a WordPress export', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let admin: TestVisitor;
  const clock = new TestClock();
  const uploads = () => fs.readdirSync(path.join(dataDir, 'uploads-tmp'));

  async function waitForJob(url: string) {
    for (let i = 0; i < 100; i++) {
      const page = await admin.request({ url });
      if (!page.headers.refresh) return page;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${url} still running`);
  }
  const upload = (filename: string, data: Buffer) =>
    postMultipart(
      admin,
      '/admin/import',
      { format: 'auto', source: '' },
      { field: 'file', filename, contentType: 'application/octet-stream', data },
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-wxr-admin-'));
    t = await createTestApp(dialect, { dataDir }, { clock });
    await createStaff(t, clock.now());
    admin = await logIn(t, ADMIN, '192.0.2.70');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/import' })).body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('recognises a WordPress export by its content and previews it, writing nothing', async () => {
    // A name that says nothing: the format comes from the file.
    const preview = await upload('export-2014.dat', gzipSync(movieBlogWxr()));
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('is a WordPress export. Nothing has been written yet.');
    expect(preview.body).toMatch(/value="english-movies"\/> English Movies \(2 posts\)/);
    expect(preview.body).toMatch(/Korean Movies \(1 post\)/);
    expect(preview.body).toMatch(/News \(1 post\)/);
    expect(preview.body).toMatch(/<dt>Films<\/dt><dd>3 new/);
    expect(preview.body).toMatch(/<dt>Unpublished film posts<\/dt><dd>1 /);
    expect(await t.t.db.selectFrom('films').select('id').execute()).toEqual([]);
    expect(await t.t.db.selectFrom('import_jobs').select('id').execute()).toEqual([]);
    expect(uploads()).toHaveLength(1);
  });

  it('imports with the chosen film categories and shows the counts per type', async () => {
    const [dir] = uploads();
    const started = await admin.request({
      method: 'POST',
      url: '/admin/import/wxr',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', admin.csrfToken],
        ['upload', dir ?? ''],
        ['filename', 'export-2014.dat'],
        ['filmCategories', 'english-movies'],
        ['filmCategories', 'korean-movies'],
      ]).toString(),
    });
    expect(started.statusCode).toBe(303);
    const done = await waitForJob(started.headers.location as string);
    expect(done.body).toContain('Finished');
    expect(done.body).toMatch(/<dt>Films<\/dt><dd>2 new/);
    expect(done.body).toMatch(/<dt>Pages<\/dt><dd>2 new/);
    expect(done.body).toContain('3 approved, 1 pending, 1 spam, 1 trash');
    expect(done.body).not.toContain('<dt>New films</dt>');
    expect((await t.app.inject({ url: '/film/inception' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/2014/02/festival-news/' })).body).toContain('Festival news');
    expect(uploads()).toEqual([]);
    // The preview's file is gone with the job: its form cannot start a second import.
    const again = await admin.form('/admin/import/wxr', { upload: dir ?? '', filename: 'x' });
    expect(again.statusCode).toBe(404);
  });

  it('a malformed export is refused at the preview with the line named, and its file removed', async () => {
    const broken = Buffer.from(movieBlogWxr().replace('</channel>', ''));
    const refused = await upload('broken.xml', broken);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/File: .*line \d+/);
    expect(uploads()).toEqual([]);
  });
});
