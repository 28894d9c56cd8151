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

export const ACTION_LABEL: Record<ModerationAction, string> = {
  approve: 'Approve',
  unapprove: 'Unapprove',
  spam: 'Mark as spam',
  'not-spam': 'Not spam',
  trash: 'Move to trash',
  restore: 'Restore',
  delete: 'Delete permanently',
};
