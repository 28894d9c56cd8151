import type { FilmCandidate, FilmMatch } from './film-matcher.js';
import type { HistoryKind, HistorySource, ReaderItem } from './history-row.js';

/** A row the member must look at: where it is, what it named, and the films it could be. */
export interface ReportedRow {
  file: string;
  position: string;
  title: string;
  year: number | null;
  candidates: FilmCandidate[];
}

/** What a reading found: shown to the member after an import (every unmatched row with its line). */
export interface HistoryReport {
  source: HistorySource | null;
  files: string[];
  /** Files left out and why ("deleted/…: deleted items, not imported"). */
  notes: string[];
  events: number;
  byKind: Partial<Record<HistoryKind, number>>;
  matched: number;
  unmatched: ReportedRow[];
  ambiguous: ReportedRow[];
  /** Rows read past, counted by reason ("not a film (title type TV Series)": 3). */
  skippedByReason: Record<string, number>;
  /** The first MAX_LISTED_SKIPS skipped rows with their place. */
  skipped: Array<{ file: string; position: string; reason: string }>;
  skippedTotal: number;
}

/** Skipped rows listed one by one; the rest only counted (a file of 50,000 TV episodes needs no list). */
const MAX_LISTED_SKIPS = 200;

export const emptyReport = (): HistoryReport => ({
  source: null,
  files: [],
  notes: [],
  events: 0,
  byKind: {},
  matched: 0,
  unmatched: [],
  ambiguous: [],
  skippedByReason: {},
  skipped: [],
  skippedTotal: 0,
});

export function noteItem(report: HistoryReport, item: ReaderItem, match: FilmMatch | null): void {
  if ('note' in item) {
    report.notes.push(item.note);
    return;
  }
  if ('skipped' in item) {
    // The reason without the value in quotes, so like rows count together.
    const reason = item.skipped.reason.replace(/"[^"]*"/g, '…');
    report.skippedByReason[reason] = (report.skippedByReason[reason] ?? 0) + 1;
    report.skippedTotal++;
    if (report.skipped.length < MAX_LISTED_SKIPS) report.skipped.push(item.skipped);
    return;
  }
  const { row } = item;
  report.events++;
  report.byKind[row.kind] = (report.byKind[row.kind] ?? 0) + 1;
  if (!match || match.status === 'matched') {
    report.matched++;
    return;
  }
  const reported = { file: row.file, position: row.position, title: row.title, year: row.year };
  if (match.status === 'ambiguous') report.ambiguous.push({ ...reported, candidates: match.candidates });
  else report.unmatched.push({ ...reported, candidates: match.others });
}
