import type { Generated } from 'kysely';

/** `interrupted`: the process running it stopped (a restart, a crash) before it ended. */
export type ImportJobStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** One import started from the admin: its file, and its progress as the importer reports it. */
export interface ImportJobTable {
  id: Generated<number>;
  status: ImportJobStatus;
  format: string;
  source: string;
  /** As uploaded, shown back to the admin; never used as a path. */
  filename: string;
  bytes: number;
  /**
   * The name (never a path) of the job's directory under uploads-tmp, which holds its uploaded file while the job
   * runs: whichever instance finds the job interrupted deletes it, and the sweep of uploads-tmp spares it meanwhile.
   */
  upload_dir: string | null;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** JSON: the first rejected rows with their reasons. */
  rejected_rows: string | null;
  error: string | null;
  /** JSON: a WordPress import's full summary (WxrImportSummary); null for other formats. */
  report: string | null;
  user_id: number | null;
  actor: string;
  created_at: string;
  /** Moved by progress, and by a heartbeat while the job runs: a running job whose row stopped moving is dead. */
  updated_at: string;
}

export interface ImportJobTables {
  import_jobs: ImportJobTable;
}
