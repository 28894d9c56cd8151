import type { DbOrTx } from '../../db/database.js';
import type { ContentKey } from '../../kernel/unit-of-work.js';
import { ACTIVITY_PAGE_SIZE, type ActivityPage } from './activity.js';
import { listActivity } from './activity.repository.js';

/** Everyone's activity: one page, older than `before` when given. */
export const publicActivity = (db: DbOrTx, before?: number, limit = ACTIVITY_PAGE_SIZE) =>
  listActivity(db, { before, limit });

/** What the members `memberId` follows did. */
export const followedActivity = (db: DbOrTx, memberId: number, before?: number, limit = ACTIVITY_PAGE_SIZE) =>
  listActivity(db, { before, limit, followedBy: memberId });

/**
 * The content keys a shared feed page shows (decision 037): `activity` for anything added, and for each item shown
 * the keys the writes that would take it out already touch — `member:<id>` (suspension, privacy, deletion),
 * `profile:<id>` (diary entries edited or deleted) and `film:<id>` (a vote lowered, a review moderated or deleted).
 */
export function keysOf(page: ActivityPage): ContentKey[] {
  const keys = new Set<ContentKey>(['activity']);
  for (const item of page.items) {
    keys.add(`member:${item.memberId}`);
    keys.add(`profile:${item.memberId}`);
    if (item.filmId !== null) keys.add(`film:${item.filmId}`);
  }
  return [...keys];
}
