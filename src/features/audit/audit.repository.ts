import type { DbOrTx } from '../../db/database.js';

export interface AuditRow {
  user_id: number | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  details: string | null;
  created_at: string;
}

export async function insertAuditEntry(db: DbOrTx, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
}

/** Newest first; one row more than `limit`, so the caller knows whether another page follows. */
export async function selectAuditPage(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', `${filter.to}T99`);
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .offset(offset)
    .execute();
}

export async function selectAuditFacets(db: DbOrTx) {
  const [actors, actions, targets] = await Promise.all([
    db.selectFrom('audit_log').select('actor').distinct().orderBy('actor').execute(),
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
    db.selectFrom('audit_log').select('target_type').distinct().orderBy('target_type').execute(),
  ]);
  return {
    actors: actors.map((r) => r.actor),
    actions: actions.map((r) => r.action),
    targetTypes: targets.map((r) => r.target_type),
  };
}
