import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { TestClock } from '../../../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../../test/support/databases.js';
import { createWriter } from '../../../kernel/unit-of-work.js';
import { createImportRunner, interruptAbandonedImports, sweepUploads, UPLOAD_MAX_AGE_MS } from './import.service.js';

// The real importer, held back for as long as a test wants: a job that is running, with no progress to report (a
// long batch, a slow disk), is exactly when only the heartbeat shows its server is alive.
const gate = vi.hoisted(() => {
  let open: () => void = () => {};
  let opened = Promise.resolve();
  return {
    hold() {
      opened = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    open: () => open(),
    passed: () => opened,
  };
});
vi.mock('../import.service.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../import.service.js')>();
  return {
    ...actual,
    runImport: async (...args: Parameters<typeof actual.runImport>) => {
      await gate.passed();
      return actual.runImport(...args);
    },
  };
});

describeEachDialect('a running import job', (dialect) => {
  let t: TestDatabase;
  let uploadsDir: string;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-uploads-'));
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(uploadsDir, { recursive: true, force: true });
  });

  const statusOf = async (id: number) =>
    t.db.selectFrom('import_jobs').select(['status', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps its row moving while it runs, so no server takes it for dead', async () => {
    gate.hold();
    const clock = new TestClock();
    const runner = createImportRunner(t.db, clock, createWriter(t.db, { invalidate() {}, effectFailed() {} }), {
      heartbeatMs: 10,
    });
    // The job reads its file from its upload directory, as when started from the admin.
    const own = path.join(uploadsDir, 'upload-slow01');
    fs.mkdirSync(own);
    fs.copyFileSync(path.resolve('test/fixtures/world-films.csv'), path.join(own, 'file'));
    const stray = path.join(uploadsDir, 'upload-stray1');
    fs.mkdirSync(stray);
    fs.writeFileSync(path.join(stray, 'file'), '');
    const id = await runner.start({
      file: path.join(own, 'file'),
      uploadDir: 'upload-slow01',
      cleanup: async () => fs.promises.rm(own, { recursive: true, force: true }),
      filename: 'world-films.csv',
      bytes: 1,
      format: 'csv',
      source: `slow-${dialect}`,
      actor: { id: null, label: 'test' },
    });
    // Ten minutes pass with no progress; another server looks at the jobs.
    clock.advance(10 * 60_000);
    const moved = clock.now().toISOString();
    for (let i = 0; i < 200 && (await statusOf(id)).updated_at !== moved; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await interruptAbandonedImports(t.db, clock, uploadsDir)).toBe(0);
    expect(await statusOf(id)).toEqual({ status: 'running', updated_at: moved });
    // Days later by the wall clock, a sweep of the uploads takes what no running job reads, and spares the job's file.
    const later = Date.now() + UPLOAD_MAX_AGE_MS + 60_000;
    expect(await sweepUploads(t.db, clock, uploadsDir, later)).toEqual({ interrupted: 0, removed: ['upload-stray1'] });
    expect(fs.existsSync(path.join(own, 'file'))).toBe(true);

    gate.open();
    await runner.drain();
    expect((await statusOf(id)).status).toBe('done');
    expect(fs.readdirSync(uploadsDir)).toEqual([]);
  });
});
