import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import type { TestVisitor } from '../../../../test/support/visitor.js';
import { createApp } from '../../../server/app.js';
import { ABANDONED_AFTER_MS, INTERRUPTED_MESSAGE } from './import.service.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../../test/fixtures/${name}`, import.meta.url));

describeEachDialect('admin import', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let admin: TestVisitor;
  const clock = new TestClock();

  /** Follow a job page until the job ends, as the page's Refresh header would. */
  async function waitForJob(url: string) {
    for (let i = 0; i < 100; i++) {
      const page = await admin.request({ url });
      if (!page.headers.refresh) return page;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${url} still running`);
  }

  const upload = (filename: string, data: Buffer, fields: Record<string, string> = {}) =>
    postMultipart(
      admin,
      '/admin/import',
      { format: 'auto', source: '', ...fields },
      {
        field: 'file',
        filename,
        contentType: 'application/octet-stream',
        data,
      },
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-import-'));
    t = await createTestApp(dialect, { dataDir }, { clock });
    await createStaff(t, clock.now());
    admin = await logIn(t, ADMIN, '192.0.2.40');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/import' })).body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports an uploaded CSV with the CLI importer and shows its progress until it is done', async () => {
    const started = await upload('world-films.csv', fixture('world-films.csv'));
    expect(started.statusCode).toBe(303);
    const jobUrl = started.headers.location as string;
    expect(jobUrl).toMatch(/^\/admin\/import\/\d+$/);
    const done = await waitForJob(jobUrl);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Finished');
    expect(done.body).toMatch(/<dt>New films<\/dt><dd>[1-9]\d*<\/dd>/);
    const film = await t.app.inject({ url: '/film/parasite' });
    expect(film.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/category/korean-movies' })).body).toContain('Parasite');
    // The uploaded file is gone once the job ended.
    expect(fs.readdirSync(path.join(dataDir, 'uploads-tmp'))).toEqual([]);

    // The same file again changes nothing: the importer is idempotent.
    const again = await waitForJob(
      (await upload('world-films.csv', fixture('world-films.csv'))).headers.location as string,
    );
    expect(again.body).toMatch(/<dt>New films<\/dt><dd>0<\/dd>/);
    const list = await admin.request({ url: '/admin/import' });
    expect(list.body.match(/world-films\.csv/g)?.length).toBeGreaterThanOrEqual(2);
    const audit = await admin.request({ url: '/admin/audit?action=import.start' });
    expect(audit.body).toContain('Started importing “world-films.csv” (csv, source “csv”)');
  });

  it('lists the rows it rejected, with their positions and reasons', async () => {
    const started = await upload('bad-films.csv', fixture('bad-films.csv'), { source: 'bad-source' });
    const done = await waitForJob(started.headers.location as string);
    expect(done.body).toContain('Rejected rows');
    expect(done.body).toMatch(/line \d+: /);
  });

  it('says which field is wrong when the format cannot be told, or no file was chosen', async () => {
    const unknown = await upload('films.txt', Buffer.from('title\nSomething\n'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Format: choose wikipedia-json or csv; the file name “films.txt” does not say.');
    expect(unknown.body).toContain('id="field-format-error"');
    const none = await postMultipart(admin, '/admin/import', { format: 'csv' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('File: choose a file to import.');
    const source = await upload('films.csv', Buffer.from('title\nSomething\n'), { source: 'no spaces please' });
    expect(source.statusCode).toBe(400);
    expect(source.body).toContain('Source: letters, digits');
  });

  it('reports a file the importer cannot read as a failed job', async () => {
    const started = await upload('movies.json', Buffer.from('{ this is not json'));
    const done = await waitForJob(started.headers.location as string);
    expect(done.body).toContain('<strong>Failed</strong>');
    expect(done.body).toContain('The import stopped: ');
    // A failed job's file goes too.
    expect(fs.readdirSync(path.join(dataDir, 'uploads-tmp'))).toEqual([]);
  });

  /** A job row as a server writes it when it starts an import, last moved `agoMs` before now. */
  const runningJob = async (filename: string, agoMs: number, uploadDir: string | null = null) => {
    const stamp = new Date(clock.now().getTime() - agoMs).toISOString();
    const row = await t.t.db
      .insertInto('import_jobs')
      .values({
        status: 'running',
        format: 'csv',
        source: 'csv',
        filename,
        bytes: 100,
        upload_dir: uploadDir,
        processed: 250,
        inserted: 250,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejected_rows: null,
        error: null,
        user_id: null,
        actor: ADMIN.email,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const statusOf = async (id: number) =>
    t.t.db.selectFrom('import_jobs').select(['status', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
  /** An upload's directory as a request leaves it, last written `ageMs` ago by the wall clock (file times are real). */
  const uploadDir = (name: string, ageMs: number) => {
    const dir = path.join(dataDir, 'uploads-tmp', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'file'), 'title\nSomething\n');
    const then = new Date(Date.now() - ageMs);
    fs.utimesSync(path.join(dir, 'file'), then, then);
    fs.utimesSync(dir, then, then);
    return dir;
  };
  const DAY = 24 * 3600_000;

  it('marks an import whose server stopped as interrupted after a restart, not one another server is running', async () => {
    // Both uploads are fresh: only the job's state decides the dead one's file goes.
    const deadFile = uploadDir('upload-dead01', 60_000);
    const dead = await runningJob('cut-short.csv', 10 * 60_000, 'upload-dead01');
    // Several instances share a PostgreSQL database: this one's row moved seconds ago, its server is alive. Its import
    // is a long one: its file is older than any request's, and must stay while it runs.
    const liveFile = uploadDir('upload-live01', 2 * DAY);
    const live = await runningJob('elsewhere.csv', 5_000, 'upload-live01');
    // Left by crashed requests (a poster upload cut off, say), an old one and one another instance may still be using.
    const orphan = uploadDir('upload-orph01', DAY + 60_000);
    const recent = uploadDir('upload-recent', 60_000);

    const restarted = await createApp({ config: testConfig({ dataDir }), db: t.t.db, clock });
    await restarted.ready();
    await restarted.close();
    expect(await statusOf(dead)).toEqual({ status: 'interrupted', error: INTERRUPTED_MESSAGE });
    expect(await statusOf(live)).toEqual({ status: 'running', error: null });
    expect(fs.existsSync(deadFile)).toBe(false);
    expect(fs.existsSync(liveFile)).toBe(true);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);

    const page = await admin.request({ url: `/admin/import/${dead}` });
    expect(page.headers.refresh).toBeUndefined();
    expect(page.body).toContain('<strong>Interrupted</strong>');
    expect(page.body).toContain(
      'The import stopped: the server stopped during this import; run it again — re-running is safe, imports are idempotent.',
    );
    expect(page.body).toContain('upload “cut-short.csv” again');
    const list = await admin.request({ url: '/admin/import' });
    expect(list.body).toMatch(/cut-short\.csv<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>Interrupted</);
    expect(list.body).toMatch(/elsewhere\.csv<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>Running</);

    // The other server stops too: once its job's row has not moved for minutes, the list says so.
    clock.advance(ABANDONED_AFTER_MS);
    const later = await admin.request({ url: '/admin/import' });
    expect(later.body).toMatch(/elsewhere\.csv<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>Interrupted</);
    expect(fs.existsSync(liveFile)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    fs.rmSync(recent, { recursive: true });
  });
});
