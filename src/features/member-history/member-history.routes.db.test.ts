import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { holdings, insertFixtureCatalog, tempDir, zipFixture } from '../../../test/support/member-history.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { writeZip } from '../history/zip-writer.js';

// The fixtures are the services' documented layouts; see member-history.db.test.ts and history.test.ts for sources.

describeEachDialect('/settings/import and /settings/export/history.zip', (dialect) => {
  let t: TestApp;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFixtureCatalog(t.t.db);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const upload = (v: TestVisitor, file: string, name = path.basename(file), fields: Record<string, string> = {}) =>
    postMultipart(v, '/settings/import', fields, {
      field: 'file',
      filename: name,
      contentType: 'application/octet-stream',
      data: fs.readFileSync(file),
    });

  /** Follows the job page until it stops asking to be refreshed (the Refresh header, no script needed). */
  async function finished(v: TestVisitor, location: string) {
    for (let i = 0; i < 100; i++) {
      const job = await v.request({ url: location });
      if (!job.headers.refresh) return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the import did not end');
  }

  it('imports a Letterboxd ZIP from the form, shows progress, then the report with every row to look at', async () => {
    const m = await signedInMember(t, {}, { ip: '198.51.100.20' });
    const form = await m.visitor.request({ url: '/settings/import' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('at most 100 MB');
    const posted = await upload(m.visitor, zipFixture(dir, 'letterboxd'), 'letterboxd-export.zip');
    expect(posted.statusCode).toBe(303);
    const location = posted.headers.location as string;
    expect(location).toMatch(/^\/settings\/import\/\d+$/);
    const page = await finished(m.visitor, location);
    expect(page.body).toContain('Import of “letterboxd-export.zip”');
    expect(page.body).toContain('Added: 3 diary entries, 2 ratings, 1 reviews (1 awaiting moderation), 1 likes');
    expect(page.body).toMatch(/watched\.csv: line 4: ambiguous: “Twin Film” \(2010\) could be Twin Film/);
    expect(page.body).toContain('watched.csv: line 5: not in the catalog: “A Film Nobody Has” (2011)');
    const progress = await m.visitor.request({ url: `${location}/progress.json` });
    expect(progress.json()).toMatchObject({ status: 'done' });
    // Another member cannot see this job.
    const other = await signedInMember(t, {}, { ip: '198.51.100.21' });
    expect((await other.visitor.request({ url: location })).statusCode).toBe(404);
  });

  it('leaves out the Refresh header when the island asked for the live page (JavaScript on)', async () => {
    const m = await signedInMember(t, {}, { ip: '198.51.100.27' });
    const posted = await upload(m.visitor, zipFixture(dir, 'letterboxd'), 'live.zip', { live: '1' });
    expect(posted.headers.location).toMatch(/^\/settings\/import\/\d+\?live=1$/);
    // A job still running, as the island sees it: a row written now, half done.
    const now = new Date().toISOString();
    const job = await t.t.db
      .insertInto('member_import_jobs')
      .values({
        member_id: m.member.id,
        status: 'running',
        filename: 'slow.zip',
        bytes: 1,
        processed: 5,
        total: 10,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const plain = await m.visitor.request({ url: `/settings/import/${job.id}` });
    expect(plain.headers.refresh).toBe('2');
    expect(plain.body).toContain('This page refreshes by itself');
    const live = await m.visitor.request({ url: `/settings/import/${job.id}?live=1` });
    expect(live.headers.refresh).toBeUndefined();
    expect(live.body).toContain(`data-import-job="${job.id}"`);
    expect(live.body).toContain('5 of 10 rows (50%)');
    expect((await m.visitor.request({ url: `/settings/import/${job.id}?live=yes` })).statusCode).toBe(400);
  });

  it('refuses a bad file with the reader’s message (422) and changes nothing', async () => {
    const m = await signedInMember(t, {}, { ip: '198.51.100.22' });
    const traversal = path.join(dir, 'evil.zip');
    fs.writeFileSync(traversal, writeZip([{ name: '../../etc/diary.csv', data: Buffer.from('x') }]));
    const refused = await upload(m.visitor, traversal);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('evil.zip');
    const wrong = path.join(dir, 'films.csv');
    fs.writeFileSync(wrong, 'Film,Stars\nHeat,5\n');
    const columns = await upload(m.visitor, wrong);
    expect(columns.statusCode).toBe(422);
    expect(columns.body).toContain('films.csv, line 1: not a Letterboxd, IMDb or Trakt export');
    const member = { id: m.member.id, visitorId: m.member.visitorId };
    expect(await holdings(t.t.db, member)).toEqual({ diary: [], votes: [], reviews: [], likes: [], watchlist: [] });
    const empty = await postMultipart(m.visitor, '/settings/import', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('file: choose the file to import');
  });

  it('refuses guests (before reading the upload) and writes without CSRF', async () => {
    const guest = await TestVisitor.start(t.app, '198.51.100.23');
    expect((await guest.request({ url: '/settings/import' })).statusCode).toBe(303);
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, 'x');
    expect((await upload(guest, file)).statusCode).toBe(401);
    const m = await signedInMember(t, {}, { ip: '198.51.100.24' });
    m.visitor.csrfToken = 'wrong';
    expect((await upload(m.visitor, file)).statusCode).toBe(403);
  });

  it('exports the history as a ZIP that imports into another member unchanged', async () => {
    const a = await signedInMember(t, {}, { ip: '198.51.100.25' });
    await finished(a.visitor, (await upload(a.visitor, zipFixture(dir, 'letterboxd'))).headers.location as string);
    const zip = await a.visitor.request({ url: '/settings/export/history.zip' });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const file = path.join(dir, 'history.zip');
    fs.writeFileSync(file, zip.rawPayload);
    const b = await signedInMember(t, {}, { ip: '198.51.100.26' });
    await finished(b.visitor, (await upload(b.visitor, file)).headers.location as string);
    const [ha, hb] = [
      await holdings(t.t.db, { id: a.member.id, visitorId: a.member.visitorId }),
      await holdings(t.t.db, { id: b.member.id, visitorId: b.member.visitorId }),
    ];
    expect(hb).toEqual(ha);
    expect(ha.diary.length).toBe(3);
  });
});
