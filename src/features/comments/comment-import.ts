import type { DbOrTx } from '../../db/database.js';
import { bodyHash } from './comment.js';
import { insertComment } from './comments.repository.js';
import type { CommentStatus } from './comments.table.js';

/** A comment brought from another site (the WordPress import): its status, thread and date as they were there. */
export interface ImportedComment {
  filmId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  /** Plain text, as comments are stored. */
  body: string;
  status: CommentStatus;
  /** Already salted and hashed: the raw IP never reaches this feature. */
  ipHash: string | null;
  createdAt: string;
}

/** Store an imported comment as it was moderated on the old site; no spam check or flood limit applies to history. */
export async function importComment(db: DbOrTx, comment: ImportedComment): Promise<number> {
  return insertComment(db, {
    film_id: comment.filmId,
    parent_id: comment.parentId,
    author_name: comment.authorName,
    author_email: comment.authorEmail.trim().toLowerCase(),
    author_url: comment.authorUrl,
    body: comment.body,
    status: comment.status,
    reasons: JSON.stringify(['imported from the previous site']),
    spam_score: null,
    body_hash: bodyHash(comment.body),
    visitor_id: null,
    ip_hash: comment.ipHash,
    user_agent: null,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    status_changed_at: comment.createdAt,
  });
}

/** Re-parent an imported reply whose parent came later in the file. */
export async function setImportedCommentParent(db: DbOrTx, id: number, parentId: number): Promise<void> {
  await db.updateTable('comments').set({ parent_id: parentId }).where('id', '=', id).execute();
}
