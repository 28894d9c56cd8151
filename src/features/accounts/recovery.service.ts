import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { SignedInUser } from '../../kernel/staff.js';
import type { UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { countWrite } from '../../kernel/write-limits.js';
import { type Actor, recordAudit } from '../audit/index.js';
import { enqueueMail, type MailSite } from '../mail/index.js';
import { AccountError, normaliseEmail, sha256 } from './accounts.js';
import { deleteUserSessions, findUserByEmail } from './accounts.repository.js';
import { inviteUser } from './accounts.service.js';
import type { Role } from './accounts.table.js';
import { browserFamily } from './devices.js';
import { hashPassword, passwordProblem } from './password.js';
import { invitationMail, newDeviceMail, passwordResetMail } from './recovery.mail.js';
import {
  claimReset,
  findUsableReset,
  insertReset,
  listDevices,
  retireResets,
  setPasswordHash,
  upsertDevice,
} from './recovery.repository.js';

const RESET_VALID_MS = 3600_000;
/** Reset mails one address may be sent per hour, and requests one network may make (any addresses). */
export const RESETS_PER_ADDRESS_PER_HOUR = 3;
export const RESETS_PER_NETWORK_PER_HOUR = 20;

export const INVALID_RESET =
  'This password reset link is not valid any more (used, or older than an hour). Ask for a new one.';

/**
 * "Forgot your password?": mails a single-use link to the account, if there is one. The answer is the same either
 * way (no one learns which addresses have accounts); the throttle counts unknown addresses like known ones.
 */
export async function requestPasswordReset(
  store: { db: Db; writer: Writer },
  input: { email: string; ipHash: string },
  site: MailSite,
  now: Date,
): Promise<'done' | 'throttled'> {
  const email = normaliseEmail(input.email);
  const hour = 3600_000;
  const [address, network] = await countWrite(
    store.db,
    [`reset:address:${sha256(email)}`, `reset:network:${input.ipHash}`],
    now,
    hour,
  );
  if ((address?.hits ?? 0) > RESETS_PER_ADDRESS_PER_HOUR || (network?.hits ?? 0) > RESETS_PER_NETWORK_PER_HOUR) {
    return 'throttled';
  }
  await store.writer.write(async (uow) => {
    const user = await findUserByEmail(uow.tx, email);
    if (!user || user.disabled_at || !user.password_hash) return;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + RESET_VALID_MS).toISOString();
    await insertReset(uow.tx, { tokenHash: sha256(token), userId: user.id, now: now.toISOString(), expiresAt });
    const link = `${site.publicUrl}/admin/reset/${token}`;
    await enqueueMail(uow, passwordResetMail(site, { email: user.email, displayName: user.display_name }, link), now);
  });
  return 'done';
}

/** The account a reset link is for, while the link is usable. */
export async function findReset(db: DbOrTx, token: string, now: Date) {
  const user = await findUsableReset(db, sha256(token), now.toISOString());
  if (!user) throw new AppError('not_found', INVALID_RESET);
  return user;
}

/**
 * Sets the new password from a reset link and ends every session of the account (whoever else was signed in). The
 * link is claimed in the same transaction, so it works once even when posted twice at the same moment.
 */
export async function resetPassword(writer: Writer, token: string, password: string, now: Date): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, 'password');
  const passwordHash = await hashPassword(password);
  await writer.write(async ({ tx }) => {
    const tokenHash = sha256(token);
    const user = await findUsableReset(tx, tokenHash, now.toISOString());
    if (!user || !(await claimReset(tx, tokenHash, now.toISOString()))) throw new AppError('not_found', INVALID_RESET);
    await setPasswordHash(tx, user.id, passwordHash);
    await deleteUserSessions(tx, user.id);
    await retireResets(tx, user.id, now.toISOString());
    const entry = { action: 'user.password_reset', targetType: 'user', targetId: user.id, summary: user.email };
    await recordAudit(tx, { id: user.id, label: user.email }, entry, now);
  });
}

/**
 * Records the device of a sign-in and, when the account has signed in before but never from this device, queues
 * the "new sign-in" notice. A device is known by its device cookie, or by its browser family ("Firefox on Linux"):
 * clearing cookies in the usual browser is not news, a new browser or machine is.
 */
export async function noteSignIn(
  uow: UnitOfWork,
  user: SignedInUser,
  device: { id: string; userAgent: string },
  site: MailSite,
  now: Date,
): Promise<boolean> {
  const deviceHash = sha256(device.id);
  const family = browserFamily(device.userAgent);
  const seen = await listDevices(uow.tx, user.id);
  const isNew = seen.length > 0 && !seen.some((d) => d.device_hash === deviceHash || d.family === family);
  await upsertDevice(uow.tx, { userId: user.id, deviceHash, family, now: now.toISOString() });
  if (isNew) await enqueueMail(uow, newDeviceMail(site, user, family, now), now);
  return isNew;
}

/**
 * An invitation, mailed to the invitee when email is on (the page still shows the link, to copy when the mail does
 * not arrive). Returns the link.
 */
export async function inviteWithMail(
  uow: UnitOfWork,
  input: { email: string; role: Role },
  actor: Actor,
  mail: { site: MailSite; emailOn: boolean },
  now: Date,
): Promise<{ link: string; mailed: boolean }> {
  const { token } = await inviteUser(uow.tx, input, actor, now);
  const link = `${mail.site.publicUrl}/admin/invite/${token}`;
  if (mail.emailOn)
    await enqueueMail(uow, invitationMail(mail.site, normaliseEmail(input.email), input.role, link), now);
  return { link, mailed: mail.emailOn };
}
