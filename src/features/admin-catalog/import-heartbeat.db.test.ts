import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { TestClock } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { createImportRunner, interruptAbandonedImports } from './import.service.js';

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
vi.mock('../importers/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../importers/index.js')>();
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
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  const statusOf = async (id: number) =>
    t.db.selectFrom('import_jobs').select(['status', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps its row moving while it runs, so no server takes it for dead', async () => {
    gate.hold();
    const clock = new TestClock();
    const runner = createImportRunner(t.db, clock, () => {}, { heartbeatMs: 10 });
    const id = await runner.start({
      file: path.resolve('test/fixtures/world-films.csv'),
      cleanup: async () => {},
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
    expect(await interruptAbandonedImports(t.db, clock)).toBe(0);
    expect(await statusOf(id)).toEqual({ status: 'running', updated_at: moved });

    gate.open();
    await runner.drain();
    expect((await statusOf(id)).status).toBe('done');
  });
});
