import type { Db, DbOrTx } from '../../db/database.js';
import { type GroupCommit, inTransaction } from '../../db/group-commit.js';
import { bumpVersion, ENGAGEMENT_VERSION } from '../../db/site-state.js';
import { adjustLikeCount, deleteLike, findLikeCount, hasLiked, insertLike } from './likes.repository.js';

export interface LikeView {
  likes: number;
  liked: boolean;
}

export async function getLikes(db: DbOrTx, filmId: number, visitorId: string | null): Promise<LikeView> {
  const [likes, liked] = await Promise.all([
    findLikeCount(db, filmId),
    visitorId ? hasLiked(db, filmId, visitorId) : Promise.resolve(false),
  ]);
  return { likes, liked };
}

/** Like or unlike; idempotent, and the count moves in the same transaction as the like row. */
export async function setLike(
  db: Db,
  filmId: number,
  voter: { visitorId: string; ipHash: string },
  liked: boolean,
  now: Date,
  commit: GroupCommit = inTransaction(db),
): Promise<LikeView> {
  return commit(async (trx) => {
    const changed = liked
      ? await insertLike(trx, filmId, voter.visitorId, voter.ipHash, now.toISOString())
      : await deleteLike(trx, filmId, voter.visitorId);
    if (changed) {
      await adjustLikeCount(trx, filmId, liked ? 1 : -1);
      await bumpVersion(trx, ENGAGEMENT_VERSION);
    }
    return getLikes(trx, filmId, voter.visitorId);
  });
}
