import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import type { LikeView } from './like.js';
import { adjustLikeCount, deleteLike, findLikeCount, hasLiked, insertLike } from './likes.repository.js';

export async function getLikes(db: DbOrTx, filmId: number, visitorId: string | null): Promise<LikeView> {
  const [likes, liked] = await Promise.all([
    findLikeCount(db, filmId),
    visitorId ? hasLiked(db, filmId, visitorId) : Promise.resolve(false),
  ]);
  return { likes, liked };
}

/**
 * Like or unlike, inside the caller's transaction; idempotent, and the count moves in the same transaction as the
 * like row. `changed` says whether it really did (liking twice changes nothing the second time).
 */
export async function setLike(
  trx: Tx,
  filmId: number,
  voter: { visitorId: string; ipHash: string },
  liked: boolean,
  now: Date,
): Promise<{ view: LikeView; changed: boolean }> {
  const changed = liked
    ? await insertLike(trx, filmId, voter.visitorId, voter.ipHash, now.toISOString())
    : await deleteLike(trx, filmId, voter.visitorId);
  if (changed) await adjustLikeCount(trx, filmId, liked ? 1 : -1);
  return { view: await getLikes(trx, filmId, voter.visitorId), changed };
}
