import type { Db } from '../../db/database.js';
import { createGroupCommit } from '../../db/group-commit.js';
import { bumpVersion } from '../../db/site-state.js';
import { insertComment } from './comments.repository.js';
import type { CommentTable } from './comments.table.js';

export type NewCommentRow = Omit<CommentTable, 'id'>;

/** Stores new comments; resolves with the id once the row is committed. */
export type CommentWriter = (row: NewCommentRow) => Promise<number>;

/** The content-version key that approved comments move (public pages show them). */
export const COMMENTS_VERSION = 'comments';

/**
 * Comments posted at the same moment are stored in one transaction (group commit, decision 014); each poster still
 * gets their own row's id, and one bad row (its film deleted meanwhile) fails only its own request. An approved
 * comment moves the content version with it.
 */
export function createCommentWriter(db: Db): CommentWriter {
  const commit = createGroupCommit(db);
  return (row) =>
    commit(async (trx) => {
      const id = await insertComment(trx, row);
      if (row.status === 'approved') await bumpVersion(trx, COMMENTS_VERSION);
      return id;
    });
}
