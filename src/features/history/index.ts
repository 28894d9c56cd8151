// Personal history from other services (issue 17): readers for Letterboxd, IMDb and Trakt exports and our own, the
// film matcher, and the export writer. Applying the events to a member's account is the member feature's part.
export { type FilmCandidate, type FilmMatch, FilmMatcher, type MatchedBy, type MatchQuery } from './film-matcher.js';
export { type HistoryEvent, type HistoryInput, type HistoryReading, openHistory } from './history.service.js';
export { type ExportedEvent, letterboxdCsv, writeHistoryExport } from './history-export.js';
export type { HistoryReport, ReportedRow } from './history-report.js';
export {
  HISTORY_KINDS,
  HistoryFileError,
  type HistoryKind,
  type HistoryRow,
  type HistorySource,
  type ListPlace,
} from './history-row.js';
export { DEFAULT_HISTORY_LIMITS, type HistoryLimits } from './safe-zip.js';
