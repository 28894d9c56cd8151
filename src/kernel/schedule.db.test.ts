import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestClock } from '../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { startScheduledJob } from './schedule.js';

const HOUR = 3600_000;

describeEachDialect('scheduled jobs claimed through the database', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('of several instances asking when a run is due, one runs it; the next run is a period later', async () => {
    const clock = new TestClock();
    const ran: number[] = [];
    const onError = (error: unknown) => {
      throw error;
    };
    // Three instances of one job; their timers check rarely, the test asks for them.
    const instances = [0, 1, 2].map((instance) =>
      startScheduledJob(
        { db: t.db, clock, onError },
        { name: 'test.purge', everyMs: HOUR, run: async () => void ran.push(instance) },
        HOUR,
      ),
    );
    const askAll = () => Promise.all(instances.map((job) => job.tick()));

    // The schedule starts now: its first run is due in an hour, and a restart does not move that.
    expect(await askAll()).toEqual([false, false, false]);
    clock.advance(HOUR - 1000);
    expect(await askAll()).toEqual([false, false, false]);
    clock.advance(1000);
    const claims = await askAll();
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(ran).toHaveLength(1);
    // Asked again within the same period: nobody runs it.
    clock.advance(30 * 60_000);
    expect(await askAll()).toEqual([false, false, false]);
    clock.advance(30 * 60_000);
    expect((await askAll()).filter(Boolean)).toHaveLength(1);
    expect(ran).toHaveLength(2);
    await Promise.all(instances.map((job) => job.stop()));

    const row = await t.db.selectFrom('scheduled_runs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'test.purge', last_run_at: clock.now().toISOString() });
    expect(row.next_run_at).toBe(new Date(clock.now().getTime() + HOUR).toISOString());
  });
});
