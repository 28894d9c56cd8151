import type { Generated } from 'kysely';

/**
 * One history row a member imported, by its key (history-keys.ts: kind, film, day and occurrence), so that the same
 * file, or the same history from another service or our own export, applied again changes nothing (decision 036).
 */
export interface ImportedHistoryItemTable {
  member_id: number;
  item_key: string;
  imported_at: string;
}

export type MemberImportStatus = 'running' | 'done' | 'failed';

/** An import started from the member's settings page: its progress while it runs, its report once it ends. */
export interface MemberImportJobTable {
  id: Generated<number>;
  member_id: number;
  status: MemberImportStatus;
  /** As uploaded, shown back to the member; never used as a path. */
  filename: string;
  bytes: number;
  /** Events handled so far, and how many the file holds (known once it is validated; 0 before). */
  processed: number;
  total: number;
  /** JSON: the MemberImportReport once done. */
  report: string | null;
  /** Why the file was refused or the import stopped. */
  error: string | null;
  created_at: string;
  /** Moved by progress; a running job whose row stopped moving for long was cut short by a restart. */
  updated_at: string;
}

export interface MemberHistoryTables {
  imported_history_items: ImportedHistoryItemTable;
  member_import_jobs: MemberImportJobTable;
}
