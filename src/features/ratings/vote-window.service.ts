import type { Db } from '../../db/database.js';
import { advanceVoteWindow } from './rating-facets.repository.js';

/** The hourly job `ratings.vote-window`: the month's kept totals follow the calendar (decision 047). */
export function moveVoteWindow(db: Db, now: Date): Promise<boolean> {
  return advanceVoteWindow(db, now);
}
