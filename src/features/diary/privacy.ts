import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { entryJson } from './diary.deps.js';
import { allEntriesOf, deleteAllOf } from './diary.repository.js';
import { countWatchlist, listWatchlist } from './watchlist.repository.js';

/**
 * A member's diary and watchlist for "export my data" (the members feature puts it in its JSON and CSV). Votes and
 * likes are exported by their own features, keyed by the member's visitor id.
 */
export async function exportDiaryOf(db: DbOrTx, memberId: number) {
  const total = await countWatchlist(db, memberId);
  const [entries, watchlist] = await Promise.all([
    allEntriesOf(db, memberId),
    listWatchlist(db, memberId, { limit: Math.max(1, total), offset: 0 }),
  ]);
  return {
    diary: entries.map(entryJson),
    watchlist: watchlist.map((f) => ({ film: f.slug, title: f.title, year: f.year, addedAt: f.addedAt })),
  };
}

/**
 * Deletes a member's diary and watchlist inside the account deletion's transaction. Their profile pages depend on
 * `member:<id>`, which the deletion touches. The votes cast with diary ratings are the ratings feature's to erase.
 */
export const eraseDiaryOf = (tx: Tx, memberId: number) => deleteAllOf(tx, memberId);

/** What /privacy says about the watchlist and diary (a PrivacySection, wired in server/routes.ts). */
export const diaryPrivacySection = {
  heading: 'If you keep a watchlist or a diary',
  items: [
    {
      what: 'Watchlist',
      detail: 'the films you added and when; shown on your profile only if you make your watchlist public.',
    },
    {
      what: 'Diary entries',
      detail:
        'for each viewing: the film, the date you give, whether it was a rewatch, your note, whether the entry is public or private, and when you logged and last changed it. A rating given with a viewing is stored as your rating of the film. Public entries and the statistics drawn from them show on your profile.',
    },
    {
      what: 'When you leave',
      detail: 'your watchlist and diary are deleted with your account, whichever way you delete it.',
    },
  ],
};
