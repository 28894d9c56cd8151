// Members' history from other services and back (issue 17, decision 036): the history feature's readers applied to a
// member (diary, votes, reviews, likes, watchlist), idempotently; the settings pages; the export ZIP; the CLI's import.
export { type ApplyDeps, applyHistory, type HistoryOwner } from './history-apply.service.js';
export { exportImportsOf, historyPrivacySection } from './member-history.privacy.js';
export { memberByEmail } from './member-history.repository.js';
export { HISTORY_UPLOAD_MAX_BYTES, memberHistoryRoutes } from './member-history.routes.js';
export { memberHistoryEvents, memberHistoryZip } from './member-history-export.js';
export { importHistoryFile } from './member-import.service.js';
export { type MemberImportReport, reportLines } from './member-import-report.js';
