import type { DbOrTx } from '../../db/database.js';
import type { SignedInUser } from '../../kernel/staff.js';

export interface Actor {
  id: number | null;
  /** How the entry names them: an email, or "system" / "cli". */
  label: string;
}

/** How the log names a signed-in admin or moderator. */
export const actorOf = (user: SignedInUser): Actor => ({ id: user.id, label: user.email });

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  summary: string;
  details?: Record<string, unknown>;
}

/** Record an admin write. Call it inside the write's transaction, so the log and the change land together. */
export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor.id,
      actor: actor.label,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      summary: entry.summary.slice(0, 500),
      details: entry.details ? JSON.stringify(entry.details) : null,
      created_at: now.toISOString(),
    })
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
}

export async function listAudit(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', `${filter.to}T99`);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Values for the filter menus. */
export async function auditFacets(db: DbOrTx) {
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
