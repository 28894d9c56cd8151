import type { Db } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { countWrite } from '../../kernel/write-limits.js';
import { hashPassword, sha256 } from '../accounts/index.js';
import { enqueueMail, type MailSite } from '../mail/index.js';
import { CONFIRM_VALID_MS, emailKeyOf } from './member.js';
import { issueToken, useToken } from './member-tokens.js';
import { alreadyMemberMail, confirmMail } from './members.mail.js';
import { findMemberByEmailKey, updateMember } from './members.repository.js';
import { checkNewMember, insertNewMember, type NewMemberInput } from './members.service.js';

/** Sign-ups one network may make per hour. */
export const JOINS_PER_NETWORK_PER_HOUR = 10;
/** Sign-ups with one address an hour that get a mail (the first, then "you already have an account"). */
const MAILED_SIGNUPS_PER_ADDRESS_PER_HOUR = 3;

/**
 * Joining: the account is made unconfirmed and a link is mailed. When the address already has an account, its owner
 * gets a mail instead and the answer is the same, after the same work (the password is hashed either way), so the
 * form tells no one which addresses have accounts. A taken handle is said plainly (handles are public).
 */
export async function join(
  store: { db: Db; writer: Writer },
  input: NewMemberInput & { ipHash: string },
  site: MailSite,
  now: Date,
): Promise<void> {
  checkNewMember(input);
  const [network] = await countWrite(store.db, [`join:network:${input.ipHash}`], now, 3600_000);
  if ((network?.hits ?? 0) > JOINS_PER_NETWORK_PER_HOUR) {
    throw new AppError('rate_limited', 'Too many sign-ups from your network. Try again in an hour.');
  }
  const passwordHash = await hashPassword(input.password);
  const emailKey = emailKeyOf(input.email);
  // Counted for every sign-up with the address, so the owner of a known one is not mailed more than this an hour.
  const [address] = await countWrite(store.db, [`join:address:${sha256(emailKey)}`], now, 3600_000);
  const mayMailOwner = (address?.hits ?? 0) <= MAILED_SIGNUPS_PER_ADDRESS_PER_HOUR;
  try {
    await store.writer.write(async (uow) => {
      const created = await insertNewMember(uow.tx, input, passwordHash, null, now);
      if (created) {
        const token = await issueToken(
          uow.tx,
          { memberId: created.id, purpose: 'confirm', validMs: CONFIRM_VALID_MS },
          now,
        );
        const link = `${site.publicUrl}/join/confirm/${token}`;
        await enqueueMail(
          uow,
          confirmMail(site, { email: input.email.trim(), displayName: input.displayName }, link),
          now,
        );
        return;
      }
      const owner = await findMemberByEmailKey(uow.tx, emailKey);
      if (!owner || !mayMailOwner) return;
      await enqueueMail(uow, alreadyMemberMail(site, { email: owner.email, displayName: owner.display_name }), now);
    });
  } catch (error) {
    // Two sign-ups with one address at the same moment: the unique key refuses the second, which is answered like
    // any sign-up with a known address (the first one's mail is on its way).
    if (error instanceof AppError || !(await findMemberByEmailKey(store.db, emailKey))) throw error;
  }
}

/** Follows a confirmation link: the address is confirmed and the member returned (the route signs them in). */
export async function confirmAddress(writer: Writer, token: string, now: Date) {
  return writer.write(async (uow) => {
    const member = await useToken(uow.tx, token, 'confirm', now);
    if (!member.confirmed_at) await updateMember(uow.tx, member.id, { confirmed_at: now.toISOString() });
    uow.touched(`member:${member.id}`);
    return member;
  });
}
