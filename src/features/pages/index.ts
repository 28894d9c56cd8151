export { pagesRoutes, servePublishedPage } from './pages.routes.js';
export { type ImportedPage, importPage, pathProblem } from './pages.service.js';
export type { PagesTables } from './pages.table.js';
