import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import { commentsOfVisitor } from '../comments/index.js';
import { likesForExport } from '../likes/index.js';
import { ratingsPageOf } from '../ratings/index.js';
import type { MemberContent } from './member-content.js';
import { findMemberById } from './members.repository.js';

const LATEST = 10;

/**
 * What a member has put on the site, for moderators: counts and the latest votes, likes and comments. Read through
 * each feature's index; a member's content is keyed by their visitor id like a guest's (decision 026).
 */
export async function memberContent(db: DbOrTx, memberId: number): Promise<MemberContent> {
  const member = await findMemberById(db, memberId);
  if (!member) throw new AppError('not_found', 'There is no such member; the account may have been deleted.');
  const [ratings, likes, comments] = await Promise.all([
    ratingsPageOf(db, member.visitor_id, 1, LATEST),
    likesForExport(db, member.visitor_id),
    commentsOfVisitor(db, member.visitor_id),
  ]);
  const byStatus = new Map<string, number>();
  for (const c of comments) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  return {
    member,
    ratings: { total: ratings.total, latest: ratings.items },
    likes: { total: likes.length, latest: likes.slice(-LATEST).reverse() },
    comments: {
      total: comments.length,
      byStatus: [...byStatus].sort(([a], [b]) => a.localeCompare(b)),
      latest: comments.slice(-LATEST).reverse(),
    },
  };
}
