import type { DbOrTx } from '../../db/database.js';

/**
 * A member's history imports for "export my data" (the members feature puts them in its JSON and CSV): each job as
 * the settings page shows it, with its report, and the ledger's key of every row already applied (history-keys.ts).
 */
export async function exportImportsOf(db: DbOrTx, memberId: number) {
  const [jobs, ledger] = await Promise.all([
    db
      .selectFrom('member_import_jobs')
      .select([
        'id',
        'status',
        'filename',
        'bytes',
        'processed',
        'total',
        'report',
        'error',
        'created_at',
        'updated_at',
      ])
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('imported_history_items')
      .select(['item_key', 'imported_at'])
      .where('member_id', '=', memberId)
      .orderBy('imported_at')
      .orderBy('item_key')
      .execute(),
  ]);
  return {
    jobs: jobs.map((j) => ({
      id: j.id,
      status: j.status,
      filename: j.filename,
      bytes: j.bytes,
      processed: j.processed,
      total: j.total,
      report: j.report === null ? null : (JSON.parse(j.report) as unknown),
      error: j.error,
      startedAt: j.created_at,
      updatedAt: j.updated_at,
    })),
    importedRows: ledger.map((r) => ({ key: r.item_key, importedAt: r.imported_at })),
  };
}

/** What /privacy says about history imports (a PrivacySection, wired in server/routes.ts); decision 036. */
export const historyPrivacySection = {
  heading: 'If you import your history from Letterboxd, IMDb or Trakt',
  items: [
    {
      what: 'The file',
      detail:
        'is read on this server and deleted as soon as its import ends; nothing is sent to those services or anyone else.',
    },
    {
      what: 'What it becomes',
      detail:
        'diary entries, ratings, likes, watchlist films, reviews and lists of your own, stored as if you had made them here (see the sections above); imported history never appears in the activity feed.',
    },
    {
      what: 'Import jobs',
      detail:
        'for each import: the file’s name and size, its progress, when it started and last moved, and its report (the rows not applied and why) or the reason it stopped; shown to you alone, at /settings/import.',
    },
    {
      what: 'Imported rows',
      detail:
        'a key for each row already applied (what it did, to which film, on which day) and when, so that importing the same file again changes nothing.',
    },
    {
      what: 'When you leave',
      detail: 'import jobs and imported-row keys are deleted with your account, whichever way you delete it.',
    },
  ],
};
