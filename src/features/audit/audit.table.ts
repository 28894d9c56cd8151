import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  /** Null for the system itself (scheduled jobs, CLI without an account). */
  user_id: number | null;
  /** Kept as text so the entry still says who it was after the account is removed. */
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  /** A short human summary, e.g. the film's title. */
  summary: string;
  /** JSON with the changed fields, where useful. */
  details: string | null;
  created_at: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
