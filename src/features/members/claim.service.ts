import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { transferComments } from '../comments/index.js';
import { transferLikes } from '../likes/index.js';
import { transferVotes } from '../ratings/index.js';

/** What a browser's guest history added to an account. */
export interface ClaimCounts {
  ratings: number;
  likes: number;
  comments: number;
}

/**
 * Moves the votes, likes and comments of this browser's guest visitor id to the member's visitor id, in the unit of
 * work of the sign-in (decision 026): rows move, they are not copied, and where both rated or liked a film only one
 * stays, with the aggregates adjusted by the owning features.
 */
export async function claimGuestHistory(
  uow: UnitOfWork,
  guestVisitorId: string | null,
  memberVisitorId: string,
): Promise<ClaimCounts> {
  if (!guestVisitorId || guestVisitorId === memberVisitorId) return { ratings: 0, likes: 0, comments: 0 };
  const votes = await transferVotes(uow, guestVisitorId, memberVisitorId);
  const likes = await transferLikes(uow, guestVisitorId, memberVisitorId);
  const comments = await transferComments(uow.tx, guestVisitorId, memberVisitorId);
  return { ratings: votes.moved, likes, comments };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "We added your 12 ratings, 3 likes and 2 comments from this browser to your account." (null: nothing to say) */
export function claimMessage(counts: ClaimCounts): string | null {
  const parts = [
    counts.ratings ? plural(counts.ratings, 'rating', 'ratings') : '',
    counts.likes ? plural(counts.likes, 'like', 'likes') : '',
    counts.comments ? plural(counts.comments, 'comment', 'comments') : '',
  ].filter(Boolean);
  if (parts.length === 0) return null;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `We added your ${list} from this browser to your account.`;
}
