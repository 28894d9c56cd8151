import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type Actor, recordAudit } from '../audit/index.js';
import { bodyHash, validateComment } from './comment.js';
import {
  approveComment,
  type CommentRow,
  countByStatus,
  deleteComments,
  findComment,
  findCommentWithFilm,
  insertComment,
  listForModeration,
  setStatus,
  updateBody,
} from './comments.repository.js';
import type { CommentHooks } from './comments.service.js';
import type { CommentStatus } from './comments.table.js';
import type { ModerationAction } from './moderation.js';

const TARGET_STATUS: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = {
  approve: 'approved',
  unapprove: 'pending',
  spam: 'spam',
  'not-spam': 'approved',
  trash: 'trash',
  restore: 'pending',
};

const notThere = () => new AppError('not_found', 'That comment does not exist.');

/** The comment a moderator acts on; a 404 when it is gone. */
export async function commentToModerate(db: DbOrTx, id: number): Promise<CommentRow> {
  const comment = await findComment(db, id);
  if (!comment) throw notThere();
  return comment;
}

/** The moderator's queue: counts per status, and one page of one status (newest first), optionally searched. */
export async function moderationQueue(
  db: DbOrTx,
  options: { status: CommentStatus; search: string; page: number; pageSize: number },
) {
  const [counts, rows] = await Promise.all([
    countByStatus(db),
    listForModeration(db, {
      status: options.status,
      search: options.search || undefined,
      // One more than a page: whether there is an older page, without counting.
      limit: options.pageSize + 1,
      offset: (options.page - 1) * options.pageSize,
    }),
  ]);
  return { counts, rows: rows.slice(0, options.pageSize), hasMore: rows.length > options.pageSize };
}

/** Apply a moderation action to many comments at once; audit-logged, spam decisions passed on to learners. */
export async function moderate(
  uow: UnitOfWork,
  hooks: CommentHooks,
  ids: number[],
  action: ModerationAction,
  actor: Actor,
  now: Date,
): Promise<number> {
  const { tx } = uow;
  const unique = [...new Set(ids)].slice(0, 500);
  const before = (await Promise.all(unique.map((id) => findComment(tx, id)))).filter(
    (c): c is CommentRow => c !== undefined,
  );
  if (before.length === 0) return 0;
  const existing = before.map((c) => c.id);
  let changed: number;
  if (action === 'delete') {
    changed = await deleteComments(tx, existing);
  } else {
    changed = (await setStatus(tx, existing, TARGET_STATUS[action], now.toISOString())).length;
    if (TARGET_STATUS[action] === 'approved') {
      const approved = before.filter((c) => c.status !== 'approved').map((c) => c.id);
      for (const hook of hooks.onApproved ?? []) await hook(uow, approved, now);
    }
    if (action === 'spam' || action === 'not-spam') {
      for (const learn of hooks.onVerdict) await learn(tx, before, action === 'spam', now);
    }
  }
  await recordAudit(
    tx,
    actor,
    {
      action: `comment.${action}`,
      targetType: 'comment',
      targetId: existing.length === 1 ? existing[0] : null,
      summary: `${action} ${existing.length} comment(s): #${existing.slice(0, 20).join(', #')}`,
    },
    now,
  );
  uow.touched('comments');
  return changed;
}

/** A moderator's correction of a comment's text. */
export async function editComment(uow: UnitOfWork, comment: CommentRow, text: string, actor: Actor, now: Date) {
  const body = text.replace(/\r\n?/g, '\n').trim();
  if (body.length < 2) throw new AppError('invalid_field', 'body: write at least 2 characters', 'body');
  await updateBody(uow.tx, comment.id, body, bodyHash(body), now.toISOString());
  await recordAudit(
    uow.tx,
    actor,
    {
      action: 'comment.edit',
      targetType: 'comment',
      targetId: comment.id,
      summary: `Edited comment by ${comment.author_name}`,
    },
    now,
  );
  uow.touched('comments');
}

/**
 * A reply from the site, signed with its title: published as written, and publishing it approves the comment it
 * answers (a site does not answer a comment it hides).
 */
export async function replyAsSite(
  uow: UnitOfWork,
  parent: CommentRow,
  reply: { siteTitle: string; email: string; body: string },
  actor: Actor,
  now: Date,
): Promise<number> {
  const { input, errors } = validateComment({
    authorName: reply.siteTitle,
    authorEmail: reply.email,
    body: reply.body,
  });
  if (errors.body) throw new AppError('invalid_field', `body: ${errors.body}`, 'body');
  const iso = now.toISOString();
  if (parent.status !== 'approved') await approveComment(uow.tx, parent.id, iso);
  const id = await insertComment(uow.tx, {
    film_id: parent.film_id,
    parent_id: parent.id,
    author_name: reply.siteTitle,
    author_email: reply.email,
    author_url: null,
    body: input.body,
    status: 'approved',
    reasons: '[]',
    spam_score: null,
    body_hash: bodyHash(input.body),
    visitor_id: null,
    ip_hash: null,
    user_agent: null,
    created_at: iso,
    updated_at: iso,
    status_changed_at: iso,
  });
  await recordAudit(
    uow.tx,
    actor,
    { action: 'comment.reply', targetType: 'comment', targetId: id, summary: `Replied to comment #${parent.id}` },
    now,
  );
  uow.touched('comments');
  return id;
}

/** A comment with its film's title, for the edit-or-reply page; a 404 when it is gone. */
export async function commentWithFilmTitle(db: DbOrTx, id: number) {
  const comment = await findCommentWithFilm(db, id);
  if (!comment) throw notThere();
  return comment;
}

/** A comment's status now, or null once it is gone. */
export async function statusOf(db: DbOrTx, id: number): Promise<CommentStatus | null> {
  return (await findComment(db, id))?.status ?? null;
}
