import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { PEOPLE_PAGE_SIZE } from './activity.js';
import {
  countPeople,
  deleteFollow,
  findVisibleMember,
  insertFollow,
  isFollowing,
  listPeople,
} from './follows.repository.js';

/** A member nobody may see (suspended, private, unknown) looks the same: not found. */
const nobody = () =>
  new AppError('not_found', 'There is no public profile at this address: it does not exist, or it is private.');

export async function visiblePerson(db: DbOrTx, handle: string) {
  const member = await findVisibleMember(db, handle);
  if (!member || member.suspended_at !== null || member.profilePublic !== 1) throw nobody();
  return member;
}

/**
 * Follow or unfollow: only visible members may be followed; following oneself is refused. Both profiles' counts
 * change (`profile:<id>` of each); the feed's shared pages do not (the Following tab is never cached).
 */
export async function setFollow(
  store: { db: DbOrTx; writer: Writer },
  followerId: number,
  handle: string,
  follow: boolean,
  now: Date,
): Promise<{ handle: string; displayName: string; following: boolean }> {
  const target = follow ? await visiblePerson(store.db, handle) : await findVisibleMember(store.db, handle);
  if (!target) throw nobody();
  if (target.id === followerId) throw new AppError('bad_request', 'handle: you cannot follow yourself.', 'handle');
  await store.writer.write(async (uow) => {
    const changed = follow
      ? await insertFollow(uow.tx, followerId, target.id, now.toISOString())
      : await deleteFollow(uow.tx, followerId, target.id);
    if (changed) {
      uow.touched(`profile:${followerId}`);
      uow.touched(`profile:${target.id}`);
    }
  });
  return { handle: target.handle, displayName: target.displayName, following: follow };
}

export const followState = isFollowing;

export async function followCounts(db: DbOrTx, memberId: number) {
  const [followers, following] = await Promise.all([
    countPeople(db, memberId, 'followers'),
    countPeople(db, memberId, 'following'),
  ]);
  return { followers, following };
}

/** One page of a member's followers or followed members, by handle; `after` is the last handle of the page before. */
export async function peoplePage(
  db: DbOrTx,
  memberId: number,
  direction: 'followers' | 'following',
  after: string | undefined,
  limit = PEOPLE_PAGE_SIZE,
) {
  const rows = await listPeople(db, memberId, direction, { after, limit: limit + 1 });
  const shown = rows.slice(0, limit);
  return { people: shown, next: rows.length > limit ? (shown[shown.length - 1]?.handle ?? null) : null };
}
