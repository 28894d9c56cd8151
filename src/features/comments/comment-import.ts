import type { DbOrTx } from '../../db/database.js';
import { bodyHash } from './comment.js';
import { recountCommentDays } from './comment-days.repository.js';
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
  return insertComment(db, importedRow(comment));
}

/**
 * Store many imported comments in one statement; returns their ids in the order given. RETURNING promises no order,
 * but both databases hand out ids row by row in VALUES order (SQLite's rowid, a PostgreSQL sequence), so the ids
 * sorted ascending line up with the input. Callers keep a batch under the databases' bound-parameter limits.
 */
export async function importComments(db: DbOrTx, comments: ImportedComment[]): Promise<number[]> {
  if (comments.length === 0) return [];
  const rows = await db.insertInto('comments').values(comments.map(importedRow)).returning('id').execute();
  await recountCommentDays(
    db,
    comments.filter((c) => c.status === 'approved').map((c) => ({ film_id: c.filmId, created_at: c.createdAt })),
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

const importedRow = (comment: ImportedComment) => ({
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

/** Re-parent an imported reply whose parent came later in the file. */
export async function setImportedCommentParent(db: DbOrTx, id: number, parentId: number): Promise<void> {
  await db.updateTable('comments').set({ parent_id: parentId }).where('id', '=', id).execute();
}
