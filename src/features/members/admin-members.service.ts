import { AppError } from '../../kernel/errors.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { touchActivityOf } from '../activity/index.js';
import { type Actor, recordAudit } from '../audit/index.js';
import { setCommentsHiddenOf } from '../comments/index.js';
import { setMemberVotesCounted } from '../ratings/index.js';
import { touchReviewsOf } from '../reviews/index.js';
import { endAllMemberSessions } from './member-sessions.service.js';
import { findMemberById, listMembers, updateMember } from './members.repository.js';

/**
 * Suspends a member (they are signed out everywhere, cannot sign in, their comments, replies, reviews and profile
 * leave public pages and their votes stop counting) or restores them (all come back as they were). Recorded in the
 * audit log.
 */
export async function setSuspended(
  writer: Writer,
  memberId: number,
  suspended: boolean,
  actor: Actor,
  now: Date,
): Promise<void> {
  await writer.write(async (uow) => {
    const member = await findMemberById(uow.tx, memberId);
    if (!member) throw new AppError('not_found', 'There is no such member; the account may have been deleted.');
    if ((member.suspended_at !== null) === suspended) return;
    await updateMember(uow.tx, memberId, { suspended_at: suspended ? now.toISOString() : null });
    if (suspended) await endAllMemberSessions(uow, memberId);
    else uow.touched(`member:${memberId}`);
    touchActivityOf(uow);
    const comments = await setCommentsHiddenOf(uow, member.visitor_id, suspended);
    // Their votes leave the averages, the members' share and Top rated while suspended (retiring those pages).
    const votes = await setMemberVotesCounted(uow, member.visitor_id, !suspended);
    // Reviews and the profile are hidden by a check on suspended_at when read: only the cached pages need retiring.
    await touchReviewsOf(uow, memberId);
    uow.touched(`profile:${memberId}`);
    const action = suspended ? 'member.suspend' : 'member.restore';
    const summary = `${suspended ? 'suspended' : 'restored'} @${member.handle} (${comments} comment(s) ${suspended ? 'hidden' : 'shown'}, ${votes} vote(s) ${suspended ? 'not counted' : 'counted again'})`;
    await recordAudit(uow.tx, actor, { action, targetType: 'member', targetId: memberId, summary }, now);
  });
}

/** The admin's members list: newest first, searched by handle, email or name. */
export const searchMembers = listMembers;
