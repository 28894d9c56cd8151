import type { Db } from '../../db/database.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { countWrite } from '../../kernel/write-limits.js';
import {
  AccountError,
  decoyHash,
  hashPassword,
  passwordProblem,
  sha256,
  throttledLogin,
  verifyPassword,
} from '../accounts/index.js';
import { enqueueMail, type MailSite } from '../mail/index.js';
import { type ClaimCounts, claimGuestHistory } from './claim.service.js';
import { emailKeyOf, RESET_VALID_MS } from './member.js';
import { endAllMemberSessions, startMemberSession } from './member-sessions.service.js';
import { issueToken, useToken } from './member-tokens.js';
import { memberResetMail } from './members.mail.js';
import { findMemberByEmailKey, type MemberRow, retireTokens, updateMember } from './members.repository.js';

export type MemberLoginResult =
  | { ok: true; member: MemberRow }
  | { ok: false; reason: 'invalid' | 'suspended' }
  | { ok: false; reason: 'locked'; retryAfterS: number };

/**
 * Checks an email and password with the admin logins' throttles (per account, per network: accounts/throttled-login).
 * Unknown addresses are checked against a decoy hash, so a miss takes as long as a wrong password. A suspended
 * member is told so only after the right password.
 */
export async function checkMemberLogin(
  store: { db: Db; writer: Writer },
  email: string,
  password: string,
  ipHash: string,
  now: Date,
): Promise<MemberLoginResult> {
  const emailKey = emailKeyOf(email);
  const outcome = await throttledLogin(store, { account: `member:${sha256(emailKey)}`, ipHash }, now, async () => {
    const member = await findMemberByEmailKey(store.db, emailKey);
    const matches = await verifyPassword(member?.password_hash ?? (await decoyHash()), password);
    return matches && member ? member : null;
  });
  if (!outcome.ok) return outcome;
  if (outcome.value.suspended_at) return { ok: false, reason: 'suspended' };
  return { ok: true, member: outcome.value };
}

/**
 * Signs a browser in: a new session (replacing the one it held) and this browser's guest history moved to the
 * account, in one unit of work. Returns the session id for the cookie and what was claimed.
 */
export async function signIn(
  writer: Writer,
  member: Pick<MemberRow, 'id' | 'visitor_id'>,
  browser: { guestVisitorId: string | null; ipHash: string; userAgent: string; replaces?: string | undefined },
  now: Date,
): Promise<{ sessionId: string; claimed: ClaimCounts }> {
  return writer.write(async (uow) => {
    const sessionId = await startMemberSession(uow, member.id, browser, now);
    const claimed = await claimGuestHistory(uow, browser.guestVisitorId, member.visitor_id);
    return { sessionId, claimed };
  });
}

export const RESETS_PER_ADDRESS_PER_HOUR = 3;
export const RESETS_PER_NETWORK_PER_HOUR = 20;

/**
 * "Forgot your password?": a single-use link, valid an hour, to the account if there is one. Same answer and the
 * same throttle either way.
 */
export async function requestMemberReset(
  store: { db: Db; writer: Writer },
  input: { email: string; ipHash: string },
  site: MailSite,
  now: Date,
): Promise<'done' | 'throttled'> {
  const emailKey = emailKeyOf(input.email);
  const [address, network] = await countWrite(
    store.db,
    [`member-reset:address:${sha256(emailKey)}`, `member-reset:network:${input.ipHash}`],
    now,
    3600_000,
  );
  if ((address?.hits ?? 0) > RESETS_PER_ADDRESS_PER_HOUR || (network?.hits ?? 0) > RESETS_PER_NETWORK_PER_HOUR) {
    return 'throttled';
  }
  await store.writer.write(async (uow) => {
    const member = await findMemberByEmailKey(uow.tx, emailKey);
    if (!member || member.suspended_at) return;
    const token = await issueToken(uow.tx, { memberId: member.id, purpose: 'reset', validMs: RESET_VALID_MS }, now);
    const link = `${site.publicUrl}/login/reset/${token}`;
    await enqueueMail(uow, memberResetMail(site, { email: member.email, displayName: member.display_name }, link), now);
  });
  return 'done';
}

/**
 * Sets a new password from a reset link and ends every session of the account. The link is used up in the same
 * transaction, so it works once even when posted twice at once.
 */
export async function resetMemberPassword(writer: Writer, token: string, password: string, now: Date) {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, 'password');
  const passwordHash = await hashPassword(password);
  await writer.write(async (uow) => {
    const member = await useToken(uow.tx, token, 'reset', now);
    // Following the link proves the address too.
    await updateMember(uow.tx, member.id, {
      password_hash: passwordHash,
      confirmed_at: member.confirmed_at ?? now.toISOString(),
    });
    await retireTokens(uow.tx, member.id, 'reset', now.toISOString());
    await endAllMemberSessions(uow, member.id);
  });
}

export type { MemberRow };
