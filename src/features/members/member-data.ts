import type { DbOrTx } from '../../db/database.js';
import { recordChanges } from '../../db/site-state.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { emailKeyOf } from './member.js';

/**
 * What the members feature keeps about an email address, for the admin's commenter export and erase (the comments
 * feature calls it through its CommenterDataPart hook; the shape matches without importing it). Erasing removes the
 * account; the comments themselves are erased by the comments feature, by address.
 */
export const membersCommenterData = {
  name: 'member',
  async export(db: DbOrTx, email: string) {
    const member = await db
      .selectFrom('members')
      .select(['handle', 'display_name', 'bio', 'email', 'confirmed_at', 'created_at', 'suspended_at'])
      .where('email_key', '=', emailKeyOf(email))
      .executeTakeFirst();
    if (!member) return null;
    return {
      handle: member.handle,
      displayName: member.display_name,
      bio: member.bio,
      email: member.email,
      confirmedAt: member.confirmed_at,
      joinedAt: member.created_at,
      suspendedAt: member.suspended_at,
    };
  },
  async erase(tx: Tx, email: string) {
    const rows = await tx.deleteFrom('members').where('email_key', '=', emailKeyOf(email)).returning('id').execute();
    // The hook gets no unit of work: the member's key is logged here, so every instance drops its copy of their
    // sessions within a second (decision 026).
    if (rows.length > 0)
      await recordChanges(
        tx,
        rows.map((r) => `member:${r.id}` as const),
      );
    return rows.length;
  },
};
