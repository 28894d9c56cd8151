import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type ActivityOptions, FEED_MIN_SCORE } from './activity.js';
import {
  deleteActivityOf,
  deleteListItem,
  findMemberIdByVisitor,
  insertItem,
  upsertListItem,
} from './activity.repository.js';

// What the features that own the source rows call, in the unit of work of their own write (decision 037). Each
// records an index entry and touches `activity`, which retires the cached feed pages. None of them is needed to
// take an item back out: the feed re-checks the source row when it reads (a review no longer approved, a vote
// lowered under 4 stars, an entry made private), and the feed page depends on the keys those writes already touch.
// Imports pass `{ imported: true }`: a member's ten years of history must not flood everyone's feed.

/** A review went public (approved on posting, or by a moderator). Once per review; a re-approval shows it again. */
export async function recordReviewActivity(
  uow: UnitOfWork,
  review: { id: number; memberId: number | null; filmId: number },
  now: Date,
  options: ActivityOptions = {},
): Promise<void> {
  if (options.imported || review.memberId === null) return;
  await insertItem(uow.tx, {
    kind: 'review',
    member_id: review.memberId,
    film_id: review.filmId,
    subject_id: review.id,
    created_at: now.toISOString(),
  });
  uow.touched('activity');
}

/**
 * A vote was cast or changed (by anyone: guests' votes have no member and are skipped). From 4 stars up it is an
 * item, once per member and film; lowering it hides the item, raising it again shows it where it was.
 */
export async function recordRatingActivity(
  uow: UnitOfWork,
  vote: { visitorId: string; filmId: number; score: number },
  now: Date,
  options: ActivityOptions = {},
): Promise<void> {
  if (options.imported || vote.score < FEED_MIN_SCORE) return;
  const memberId = await findMemberIdByVisitor(uow.tx, vote.visitorId);
  if (memberId === undefined) return;
  await insertItem(uow.tx, {
    kind: 'rating',
    member_id: memberId,
    film_id: vote.filmId,
    subject_id: vote.filmId,
    created_at: now.toISOString(),
  });
  uow.touched('activity');
}

/** A diary entry was logged or edited; only a public one is an item. */
export async function recordDiaryActivity(
  uow: UnitOfWork,
  entry: { id: number; memberId: number; filmId: number; isPublic: boolean },
  now: Date,
  options: ActivityOptions = {},
): Promise<void> {
  if (options.imported || !entry.isPublic) return;
  await insertItem(uow.tx, {
    kind: 'diary',
    member_id: entry.memberId,
    film_id: entry.filmId,
    subject_id: entry.id,
    created_at: now.toISOString(),
  });
  uow.touched('activity');
}

/**
 * For the lists feature: call when a list is created, renamed or its visibility changes. A public list is an item
 * (its title and slug kept here, since the lists table is not this feature's); an unlisted or private one is taken
 * out. Call `withdrawListActivity` when a list is deleted.
 */
export async function recordListActivity(
  uow: UnitOfWork,
  list: { id: number; memberId: number; slug: string; title: string; isPublic: boolean },
  now: Date,
  options: ActivityOptions = {},
): Promise<void> {
  if (options.imported) return;
  if (!list.isPublic) return withdrawListActivity(uow, list.id);
  await upsertListItem(uow.tx, {
    kind: 'list',
    member_id: list.memberId,
    film_id: null,
    subject_id: list.id,
    list_slug: list.slug,
    list_title: list.title,
    created_at: now.toISOString(),
  });
  uow.touched('activity');
}

export async function withdrawListActivity(uow: UnitOfWork, listId: number): Promise<void> {
  if (await deleteListItem(uow.tx, listId)) uow.touched('activity');
}

/**
 * A member was suspended or restored, or made their profile public or private: the feed pages that may show (or
 * now should show) their items are retired. The members feature calls it in that write's unit of work.
 */
export function touchActivityOf(uow: UnitOfWork): void {
  uow.touched('activity');
}

/**
 * Account deletion (either mode: the activity of a deleted member is gone, even when their reviews stay anonymised):
 * their items and their follows both ways.
 */
export async function eraseActivityOf(uow: UnitOfWork, memberId: number): Promise<void> {
  const others = await deleteActivityOf(uow.tx, memberId);
  uow.touched('activity');
  uow.touched(`profile:${memberId}`);
  for (const id of others) uow.touched(`profile:${id}`);
}
