import type { Db } from '../../db/database.js';
import { advanceCommentWindow } from './comment-days.repository.js';

/** The hourly job `comments.window`: the week's kept totals follow the calendar (decision 047). */
export function moveCommentWindow(db: Db, now: Date): Promise<void> {
  return advanceCommentWindow(db, now);
}
