import type { DbOrTx } from '../../db/database.js';
import type { SignedInUser } from '../../kernel/staff.js';
import { type AuditFilter, insertAuditEntry, selectAuditFacets, selectAuditPage } from './audit.repository.js';

export type { AuditFilter };

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

/**
 * Record an admin write. Call it with the write's own transaction (`uow.tx`), so the log and the change land
 * together. (Typed DbOrTx, not Tx, until every caller in other features passes its unit of work.)
 */
export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
  await insertAuditEntry(db, {
    user_id: actor.id,
    actor: actor.label,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    // Capped so that one runaway write cannot bloat the log.
    summary: entry.summary.slice(0, 500),
    details: entry.details ? JSON.stringify(entry.details) : null,
    created_at: now.toISOString(),
  });
}

export async function listAudit(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  const rows = await selectAuditPage(db, filter, limit, offset);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Values for the filter menus. */
export const auditFacets = (db: DbOrTx) => selectAuditFacets(db);
