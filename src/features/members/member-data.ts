import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { emailKeyOf } from './member.js';
import { exportMemberData } from './member-export.js';
import { findMemberByEmailKey } from './members.repository.js';
import { type DeleteMode, removeMember } from './settings.service.js';

/**
 * What the members feature keeps about an email address, for the admin's commenter export and erase (the comments
 * feature calls it through its CommenterDataPart hook; the shape matches without importing it). The export is the
 * member's own "export my data" (account, ratings, likes, comments, reviews, diary, watchlist); the erase is the
 * account deletion in the mode the admin chose. Comments written as a guest with the address are the comments
 * feature's to erase, by address.
 */
export const membersCommenterData = {
  name: 'member',
  async export(db: DbOrTx, email: string, now: Date) {
    const member = await findMemberByEmailKey(db, emailKeyOf(email));
    if (!member) return null;
    const { exportedAt: _, account, ...rest } = await exportMemberData(db, member.id, now);
    return {
      ...account,
      joinedAt: account.createdAt,
      suspendedAt: member.suspended_at,
      ...rest,
    };
  },
  async erase(uow: UnitOfWork, email: string, mode: DeleteMode, now: Date) {
    const member = await findMemberByEmailKey(uow.tx, emailKeyOf(email));
    if (!member) return 0;
    // The same removal as the member's own deletion: sessions end (every instance drops its copy within a second,
    // decision 026), and reviews, diary, watchlist, votes and likes go or stay as the mode says.
    await removeMember(uow, member, mode, now);
    return 1;
  },
};
