import type { HistoryEvent, HistoryReport } from '../history/index.js';

/** A row the import read and matched but did not apply, with why. */
export interface SetAsideRow {
  file: string;
  position: string;
  title: string;
  year: number | null;
  reason: string;
}

/** What an import did, shown on the settings page and printed by the CLI. */
export interface MemberImportReport {
  /** The reading: files, notes, unmatched and ambiguous rows (with candidates), skipped rows. */
  reading: HistoryReport;
  added: {
    diary: number;
    ratings: number;
    reviews: number;
    likes: number;
    watchlist: number;
    /** Lists made, and films put on lists (new or already there). */
    lists: number;
    listEntries: number;
  };
  /** Of the reviews added, those awaiting moderation (a member's first review is held, like a first comment). */
  heldReviews: number;
  /** Rows imported before, or already so here (a like already given, a rating already the same). */
  unchanged: number;
  setAside: SetAsideRow[];
  setAsideTotal: number;
}

/** Set-aside rows listed one by one; past this only counted. */
const MAX_LISTED = 500;

export const newReport = (reading: HistoryReport): MemberImportReport => ({
  reading,
  added: { diary: 0, ratings: 0, reviews: 0, likes: 0, watchlist: 0, lists: 0, listEntries: 0 },
  heldReviews: 0,
  unchanged: 0,
  setAside: [],
  setAsideTotal: 0,
});

export function setAside(
  report: MemberImportReport,
  event: HistoryEvent,
  reason: string,
  options: { counted: boolean } = { counted: true },
): void {
  if (options.counted) report.setAsideTotal++;
  if (report.setAside.length < MAX_LISTED)
    report.setAside.push({ file: event.file, position: event.position, title: event.title, year: event.year, reason });
}

/** The report as lines of text (the CLI prints them; tests read them): every unmatched and ambiguous row by line. */
export function reportLines(report: MemberImportReport): string[] {
  const r = report.reading;
  const a = report.added;
  const film = (row: { title: string; year: number | null }) => `“${row.title}”${row.year ? ` (${row.year})` : ''}`;
  const candidates = (list: Array<{ slug: string; title: string; year: number | null }>) =>
    list.map((c) => `${c.title}${c.year ? ` (${c.year})` : ''} /film/${c.slug}`).join('; ');
  const lines = [
    `Read ${r.events} rows from ${r.files.join(', ') || 'the file'}: ${r.matched} matched a film, ${r.unmatched.length} unmatched, ${r.ambiguous.length} ambiguous, ${r.skippedTotal} skipped.`,
    `Added: ${a.diary} diary entries, ${a.ratings} ratings, ${a.reviews} reviews${report.heldReviews ? ` (${report.heldReviews} awaiting moderation)` : ''}, ${a.likes} likes, ${a.watchlist} watchlist films, ${a.lists ?? 0} lists, ${a.listEntries ?? 0} films on lists; ${report.unchanged} unchanged (imported before or already so).`,
  ];
  for (const row of r.ambiguous)
    lines.push(`${row.file}: ${row.position}: ambiguous: ${film(row)} could be ${candidates(row.candidates)}`);
  for (const row of r.unmatched)
    lines.push(
      `${row.file}: ${row.position}: not in the catalog: ${film(row)}${row.candidates.length ? ` (other years: ${candidates(row.candidates)})` : ''}`,
    );
  for (const row of report.setAside)
    lines.push(`${row.file}: ${row.position}: not applied: ${film(row)}: ${row.reason}`);
  for (const row of r.skipped) lines.push(`${row.file}: ${row.position}: skipped: ${row.reason}`);
  for (const [reason, count] of Object.entries(r.skippedByReason)) lines.push(`Skipped ${count} × ${reason}`);
  for (const note of r.notes) lines.push(`Note: ${note}`);
  return lines;
}
