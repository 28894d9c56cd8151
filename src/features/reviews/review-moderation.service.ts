import type { DbOrTx } from '../../db/database.js';
import type { Tx, UnitOfWork } from '../../kernel/unit-of-work.js';
import { recordReviewActivity } from '../activity/index.js';

import { type Actor, recordAudit } from '../audit/index.js';
import type { ModerationAction } from '../comments/index.js';
import type { QueuedReview } from './review.js';
import { deleteReviews, findReview, type ReviewRow, setReviewStatus } from './reviews.repository.js';
import type { ReviewHooks } from './reviews.service.js';
import { touchReview } from './reviews.service.js';
import type { ReviewStatus } from './reviews.table.js';

const TARGET_STATUS: Record<Exclude<ModerationAction, 'delete'>, ReviewStatus> = {
  approve: 'approved',
  unapprove: 'pending',
  spam: 'spam',
  'not-spam': 'approved',
  trash: 'trash',
  restore: 'pending',
};

const STATUSES: ReviewStatus[] = ['pending', 'approved', 'spam', 'trash'];

/** The review queue: counts per status, one page of one status (newest first), optionally searched. */
export async function reviewQueue(
  db: DbOrTx,
  options: { status: ReviewStatus; search: string; page: number; pageSize: number },
) {
  const countRows = await db
    .selectFrom('reviews')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
  for (const row of countRows) counts[row.status] = Number(row.n);
  let query = db
    .selectFrom('reviews')
    .innerJoin('films', 'films.id', 'reviews.film_id')
    .leftJoin('members', 'members.id', 'reviews.member_id')
    .select([
      'reviews.id',
      'reviews.body',
      'reviews.spoiler',
      'reviews.status',
      'reviews.reasons',
      'reviews.spam_score',
      'reviews.created_at',
      'films.slug as film_slug',
      'films.title as film_title',
      'members.handle',
      'members.display_name',
      'members.suspended_at',
    ])
    .where('reviews.status', '=', options.status);
  if (options.search) query = query.where('reviews.body', 'like', `%${options.search.replace(/[%_\\]/g, '')}%`);
  const rows = await query
    .orderBy('reviews.created_at', 'desc')
    .orderBy('reviews.id', 'desc')
    .limit(options.pageSize + 1)
    .offset((options.page - 1) * options.pageSize)
    .execute();
  const shown: QueuedReview[] = rows.slice(0, options.pageSize);
  return { counts, rows: shown, hasMore: rows.length > options.pageSize };
}

/**
 * The comment queue's actions on reviews, many at once: audit-logged, and Spam / Not spam taught to the spam
 * filter exactly as for comments. Every film page (and member list) showing a review that moved is retired.
 */
export async function moderateReviews(
  uow: UnitOfWork,
  hooks: ReviewHooks,
  ids: number[],
  action: ModerationAction,
  actor: Actor,
  now: Date,
): Promise<number> {
  const { tx } = uow;
  const unique = [...new Set(ids)].slice(0, 500);
  const before = (await Promise.all(unique.map((id) => findReview(tx, id)))).filter(
    (r): r is ReviewRow => r !== undefined,
  );
  if (before.length === 0) return 0;
  const existing = before.map((r) => r.id);
  if (action === 'delete') await deleteReviews(tx, existing);
  else await setReviewStatus(tx, existing, TARGET_STATUS[action], now.toISOString());
  if (action === 'spam' || action === 'not-spam') await teach(tx, hooks, before, action === 'spam', now);
  for (const review of before) touchReview(uow, review);
  if (action !== 'delete' && TARGET_STATUS[action] === 'approved') {
    for (const r of before)
      await recordReviewActivity(uow, { id: r.id, memberId: r.member_id, filmId: r.film_id }, now);
  }
  await recordAudit(
    tx,
    actor,
    {
      action: `review.${action}`,
      targetType: 'review',
      targetId: existing.length === 1 ? existing[0] : null,
      summary: `${action} ${existing.length} review(s): #${existing.slice(0, 20).join(', #')}`,
    },
    now,
  );
  return existing.length;
}

async function teach(tx: Tx, hooks: ReviewHooks, reviews: ReviewRow[], isSpam: boolean, now: Date) {
  const names = await tx
    .selectFrom('members')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(reviews.map((r) => r.member_id ?? 0))])
    .execute();
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
  const texts = reviews.map((r) => ({ body: r.body, authorName: nameOf.get(r.member_id ?? 0) ?? '' }));
  for (const learn of hooks.onVerdict) await learn(tx, texts, isSpam, now);
}
