import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import type { PersonRow } from './activity.js';

/** Someone who may be followed or listed: exists, confirmed, not suspended, profile public. */
export async function findVisibleMember(db: DbOrTx, handle: string) {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'display_name as displayName', 'profile_public as profilePublic', 'suspended_at'])
    .where('handle_key', '=', handle.toLowerCase())
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
}

/** Returns whether a row was added (false: already followed). */
export async function insertFollow(tx: Tx, followerId: number, followedId: number, at: string): Promise<boolean> {
  const rows = await tx
    .insertInto('member_follows')
    .values({ follower_id: followerId, followed_id: followedId, created_at: at })
    .onConflict((oc) => oc.columns(['follower_id', 'followed_id']).doNothing())
    .returning('follower_id')
    .execute();
  return rows.length > 0;
}

export async function deleteFollow(tx: Tx, followerId: number, followedId: number): Promise<boolean> {
  const rows = await tx
    .deleteFrom('member_follows')
    .where('follower_id', '=', followerId)
    .where('followed_id', '=', followedId)
    .returning('follower_id')
    .execute();
  return rows.length > 0;
}

export async function isFollowing(db: DbOrTx, followerId: number, followedId: number): Promise<boolean> {
  const row = await db
    .selectFrom('member_follows')
    .select('follower_id')
    .where('follower_id', '=', followerId)
    .where('followed_id', '=', followedId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Followers (`direction: 'followers'`) or followed members of one member, visible ones only (a suspended or private
 * member is not listed and not counted), by handle, keyset-paged by handle key.
 */
function people(db: DbOrTx, memberId: number, direction: 'followers' | 'following') {
  const [mine, theirs] =
    direction === 'followers' ? (['followed_id', 'follower_id'] as const) : (['follower_id', 'followed_id'] as const);
  return db
    .selectFrom('member_follows as f')
    .innerJoin('members as m', 'm.id', `f.${theirs}`)
    .where(`f.${mine}`, '=', memberId)
    .where('m.suspended_at', 'is', null)
    .where('m.profile_public', '=', 1)
    .where('m.confirmed_at', 'is not', null);
}

export async function countPeople(db: DbOrTx, memberId: number, direction: 'followers' | 'following') {
  const row = await people(db, memberId, direction)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listPeople(
  db: DbOrTx,
  memberId: number,
  direction: 'followers' | 'following',
  options: { after?: string; limit: number },
): Promise<PersonRow[]> {
  let query = people(db, memberId, direction).select([
    'm.id',
    'm.handle',
    'm.display_name as displayName',
    'm.handle_key',
  ]);
  if (options.after !== undefined) query = query.where('m.handle_key', '>', options.after.toLowerCase());
  const rows = await query.orderBy('m.handle_key').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.id, handle: r.handle, displayName: r.displayName }));
}
