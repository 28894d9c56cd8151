import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { auditFacets, listAudit, recordAudit, SYSTEM_ACTOR } from './audit.service.js';

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 11, day, hour));
const ADMIN = { id: null, label: 'ada@example.org' };

describeEachDialect('audit log', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await recordAudit(
      t.db,
      ADMIN,
      { action: 'film.update', targetType: 'film', targetId: 7, summary: 'Edited Heat' },
      at(1),
    );
    await recordAudit(
      t.db,
      SYSTEM_ACTOR,
      { action: 'comments.purge', targetType: 'comment', summary: 'x'.repeat(900) },
      at(2),
    );
    await recordAudit(
      t.db,
      ADMIN,
      { action: 'film.delete', targetType: 'film', targetId: 9, summary: 'Deleted Alien', details: { title: 'Alien' } },
      at(3, 23),
    );
  });
  afterAll(async () => t.destroy());

  it('lists newest first, with who, what and details as recorded', async () => {
    const { rows, hasMore } = await listAudit(t.db, {}, 10, 0);
    expect(hasMore).toBe(false);
    expect(rows.map((r) => r.action)).toEqual(['film.delete', 'comments.purge', 'film.update']);
    expect(rows[0]).toMatchObject({ actor: 'ada@example.org', target_type: 'film', target_id: '9' });
    expect(JSON.parse(rows[0]!.details!)).toEqual({ title: 'Alien' });
    // Summaries are capped so that one runaway write cannot bloat the log.
    expect(rows[1]!.summary).toHaveLength(500);
  });

  it('filters by actor, action, target and an inclusive date range, and pages', async () => {
    expect((await listAudit(t.db, { actor: 'system' }, 10, 0)).rows.map((r) => r.action)).toEqual(['comments.purge']);
    expect((await listAudit(t.db, { targetType: 'film' }, 10, 0)).rows).toHaveLength(2);
    // The last day is inclusive: an entry at 23:00 on the 3rd is inside "to 2026-12-03".
    const range = await listAudit(t.db, { from: '2026-12-02', to: '2026-12-03' }, 10, 0);
    expect(range.rows.map((r) => r.action)).toEqual(['film.delete', 'comments.purge']);
    const first = await listAudit(t.db, {}, 2, 0);
    expect(first.hasMore).toBe(true);
    expect((await listAudit(t.db, {}, 2, 2)).rows.map((r) => r.action)).toEqual(['film.update']);
  });

  it('offers the recorded actors, actions and targets as filter values', async () => {
    expect(await auditFacets(t.db)).toEqual({
      actors: ['ada@example.org', 'system'],
      actions: ['comments.purge', 'film.delete', 'film.update'],
      targetTypes: ['comment', 'film'],
    });
  });
});
