export type { ImportJobTables } from './admin/import-jobs.table.js';
export { importAdmin } from './admin/index.js';
// The CSV record reader (quotes across lines, UTF-8 checked line by line, a BOM dropped), for other features' files.
export { type CsvRecord, csvRecords, firstInvalidUtf8 } from './csv.reader.js';
export { importDemoCatalogIfEmpty } from './demo-catalog.js';
export { type DisqusImportSummary, runDisqusImport } from './disqus/disqus-import.service.js';
export {
  DEFAULT_IMPORT_LIMITS,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportSummary,
  importLimitsOf,
  isImportFormat,
  runImport,
} from './import.service.js';
export { formatBytes, ImportLimitError, type ImportLimits } from './open-input.js';
export { createProgressReporter } from './progress.js';
export { RECOGNISED_SHORTCODES, renderWriteup } from './wxr/convert.js';
export { type HeldPostsDeps, heldPostsRoutes } from './wxr/held-posts.routes.js';
export { findLegacyRedirect, isWordPressQuery } from './wxr/legacy-redirects.js';
export { writeupFilmSection } from './wxr/writeup.section.js';
export { runWxrImport, type WxrImportSummary } from './wxr/wxr-import.service.js';
