import { excerpt } from '../../lib/excerpt.js';
import type { CommentStatus } from './comments.table.js';

export const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];

export const MODERATION_ACTIONS = ['approve', 'unapprove', 'spam', 'not-spam', 'trash', 'restore', 'delete'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const STATUS_LABEL: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
};

/** What a moderator may do with a comment of each status. */
export const ACTIONS_FOR: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['not-spam', 'trash', 'delete'],
  trash: ['restore', 'delete'],
};

/** What a moderator is told after the action, as the start of a sentence: "Approved the comment by …". */
export const ACTION_DONE: Record<ModerationAction, string> = {
  approve: 'Approved',
  unapprove: 'Unapproved',
  spam: 'Marked as spam',
  'not-spam': 'Marked as not spam',
  trash: 'Moved to trash',
  restore: 'Restored',
  delete: 'Deleted for good',
};

/** The flash after acting on one comment: whose, on which film, how it began (so a wrong click is noticed). */
export function actedOnOne(
  action: ModerationAction,
  comment: { author_name: string; body: string; film_title: string },
): string {
  const start = excerpt(comment.body, 60);
  return `${ACTION_DONE[action]} the comment by ${comment.author_name} on ${comment.film_title}: “${start}”`;
}

/** The flash after a bulk action. */
export const actedOnMany = (action: ModerationAction, changed: number) =>
  `${ACTION_DONE[action]} ${changed} ${changed === 1 ? 'comment' : 'comments'}.`;

export const ACTION_LABEL: Record<ModerationAction, string> = {
  approve: 'Approve',
  unapprove: 'Unapprove',
  spam: 'Mark as spam',
  'not-spam': 'Not spam',
  trash: 'Move to trash',
  restore: 'Restore',
  delete: 'Delete permanently',
};
