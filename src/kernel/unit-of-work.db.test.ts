import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { readVersions } from '../db/site-state.js';
import { createWriter } from './unit-of-work.js';

describeEachDialect('one unit of work per write', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  const writerWithLog = () => {
    const log: string[] = [];
    const writer = createWriter(t.db, {
      invalidate: () => log.push('invalidate'),
      effectFailed: (error) => log.push(`failed: ${(error as Error).message}`),
    });
    return { writer, log };
  };

  it('bumps what the write touched in its transaction, then invalidates, then runs its effects', async () => {
    const { writer, log } = writerWithLog();
    const before = await readVersions(t.db);
    const result = await writer.write(async (uow) => {
      uow.touched('settings');
      uow.afterCommit(async () => {
        // The effect sees the committed write: the version moved before it runs.
        log.push(`effect sees new version: ${(await readVersions(t.db)) !== before}`);
      });
      return 42;
    });
    expect(result).toBe(42);
    expect(log).toEqual(['invalidate', 'effect sees new version: true']);
  });

  it('changes nothing, invalidates nothing and runs no effect when the write fails', async () => {
    const { writer, log } = writerWithLog();
    const before = await readVersions(t.db);
    await expect(
      writer.write(async (uow) => {
        uow.touched('catalog');
        uow.afterCommit(() => {
          log.push('effect');
        });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await readVersions(t.db)).toBe(before);
    expect(log).toEqual([]);
  });

  it('keeps a write that touched nothing from retiring any page, and reports a failed effect without failing', async () => {
    const { writer, log } = writerWithLog();
    const before = await readVersions(t.db);
    await writer.write(async (uow) => {
      uow.afterCommit(() => {
        throw new Error('mail server down');
      });
    });
    expect(await readVersions(t.db)).toBe(before);
    expect(log).toEqual(['failed: mail server down']);
  });

  it('commits grouped writes together and still tells each what it touched', async () => {
    const { writer, log } = writerWithLog();
    const results = await Promise.all([
      writer.writeGrouped(async (uow) => {
        uow.touched('engagement');
        return 'a';
      }),
      writer.writeGrouped(async () => 'b'),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['invalidate']);
  });
});
