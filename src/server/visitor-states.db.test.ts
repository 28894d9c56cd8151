import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { VersionWatcher } from '../kernel/versions.js';
import { VisitorStates } from './visitor-states.js';

describeEachDialect('per-visitor lookups of the page cache', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('does not answer a visitor from a read that began before their own write', async () => {
    const versions = new VersionWatcher(t.db);
    await versions.ready();
    const states = new VisitorStates(t.db, versions, () => ({ valid: false, value: null }));
    const before = versions.latest();
    // A request of theirs starts reading their votes...
    const older = states.loadMember('visitor-a', 0);
    // ...their vote commits meanwhile, and their next request names it (rh_seen): it must get a read that began after
    // it, not share the one under way, which may have missed the vote.
    versions.invalidate(before + 1, ['film:1']);
    const next = await states.loadMember('visitor-a', before + 1);
    expect(next?.loadedAt).toBeGreaterThanOrEqual(before + 1);
    // The older read ending last does not put its copy back in place of the newer one.
    expect((await older)?.loadedAt).toBe(before);
    expect(states.peekMember('visitor-a', before + 1)?.loadedAt).toBe(before + 1);
  });
});
