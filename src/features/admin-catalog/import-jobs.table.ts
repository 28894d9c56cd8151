import type { Generated } from 'kysely';

export type ImportJobStatus = 'running' | 'done' | 'failed';

/** One import started from the admin: its file, and its progress as the importer reports it. */
export interface ImportJobTable {
  id: Generated<number>;
  status: ImportJobStatus;
  format: string;
  source: string;
  /** As uploaded, shown back to the admin; never used as a path. */
  filename: string;
  bytes: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** JSON: the first rejected rows with their reasons. */
  rejected_rows: string | null;
  error: string | null;
  user_id: number | null;
  actor: string;
  created_at: string;
  updated_at: string;
}

export interface ImportJobTables {
  import_jobs: ImportJobTable;
}
