import type { DbOrTx } from '../../db/database.js';

/** Whom a member follows and who follows them, for "export my data" (the members feature includes it). */
export async function exportFollowsOf(db: DbOrTx, memberId: number) {
  const [following, followers] = await Promise.all([
    db
      .selectFrom('member_follows as f')
      .innerJoin('members as m', 'm.id', 'f.followed_id')
      .select(['m.handle', 'f.created_at as since'])
      .where('f.follower_id', '=', memberId)
      .orderBy('f.created_at')
      .execute(),
    db
      .selectFrom('member_follows as f')
      .innerJoin('members as m', 'm.id', 'f.follower_id')
      .select(['m.handle', 'f.created_at as since'])
      .where('f.followed_id', '=', memberId)
      .orderBy('f.created_at')
      .execute(),
  ]);
  return { following, followers };
}
