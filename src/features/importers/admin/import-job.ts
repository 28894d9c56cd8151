import type { Selectable } from 'kysely';
import type { ImportJobTable } from './import-jobs.table.js';

/** An import job as the admin's pages show it. */
export type ImportJobRow = Selectable<ImportJobTable>;
