export { importDemoCatalogIfEmpty } from './demo-catalog.js';
export {
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportSummary,
  isImportFormat,
  runImport,
} from './import.service.js';
export { createProgressReporter } from './progress.js';
