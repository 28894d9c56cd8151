import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { SignedInUser } from '../../kernel/staff.js';
import type { Tx, Writer } from '../../kernel/unit-of-work.js';
import { type Actor, recordAudit } from '../audit/index.js';
import {
  AccountError,
  apiTokenName,
  emailProblem,
  INVALID_INVITE,
  mintApiToken,
  normaliseEmail,
  sha256,
} from './accounts.js';
import {
  claimInvite,
  countAdmins,
  deleteUser,
  findUserByEmail,
  findUserById,
  findUserByInvite,
  insertApiToken,
  insertUser,
  listTokens,
  listUsers,
  revokeToken,
} from './accounts.repository.js';
import type { Role } from './accounts.table.js';
import { hashPassword, passwordProblem } from './password.js';
import { startSession, TOKEN_PREFIX } from './sessions.service.js';

export { listTokens, listUsers };

const INVITE_VALID_MS = 7 * 24 * 3600_000;

async function addUser(
  tx: Tx,
  user: { email: string; role: Role; displayName: string; passwordHash: string | null; inviteHash?: string },
  action: 'user.create' | 'user.invite',
  actor: Actor,
  now: Date,
): Promise<number> {
  if (await findUserByEmail(tx, user.email)) {
    throw new AccountError(`email: ${user.email} already has an account`, 'email');
  }
  const expires = user.inviteHash ? new Date(now.getTime() + INVITE_VALID_MS).toISOString() : undefined;
  const id = await insertUser(tx, { ...user, inviteExpiresAt: expires, now: now.toISOString() });
  const summary = `${user.email} (${user.role})`;
  await recordAudit(tx, actor, { action, targetType: 'user', targetId: id, summary }, now);
  return id;
}

/** An account with a password, for the CLI and tests (no app, so no page cache to retire: a plain transaction). */
export async function createUser(
  db: Db,
  input: { email: string; role: Role; password: string; displayName?: string },
  actor: Actor,
  now: Date,
): Promise<number> {
  const email = normaliseEmail(input.email);
  const problem = emailProblem(email) ?? passwordProblem(input.password);
  if (problem) throw new AccountError(problem, problem.split(':')[0]);
  const passwordHash = await hashPassword(input.password);
  const displayName = input.displayName?.trim() || email.split('@')[0]!;
  const user = { email, role: input.role, displayName, passwordHash };
  return db.transaction().execute((tx) => addUser(tx, user, 'user.create', actor, now));
}

/** Invite by link: the account exists at once, the invitee sets the password. The link is shown once, never stored. */
export async function inviteUser(tx: Tx, input: { email: string; role: Role }, actor: Actor, now: Date) {
  const email = normaliseEmail(input.email);
  const problem = emailProblem(email);
  if (problem) throw new AccountError(problem, 'email');
  const token = randomBytes(24).toString('base64url');
  const user = { email, role: input.role, displayName: email.split('@')[0]!, passwordHash: null };
  const id = await addUser(tx, { ...user, inviteHash: sha256(token) }, 'user.invite', actor, now);
  return { id, token };
}

export async function findInvite(db: DbOrTx, token: string, now: Date) {
  const user = await findUserByInvite(db, sha256(token));
  if (!user?.invite_expires_at || user.invite_expires_at < now.toISOString()) return undefined;
  return user;
}

/**
 * The invitee sets a password and is logged in: the password, the audit entry and the session land together. The
 * (slow) hashing runs before the unit of work opens. Returns the new session's id.
 */
export async function acceptInvite(
  writer: Writer,
  token: string,
  password: string,
  meta: { ipHash: string; userAgent: string },
  now: Date,
): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, 'password');
  const passwordHash = await hashPassword(password);
  return writer.write(async ({ tx }) => {
    // A link used up meanwhile (another tab, a double submit) answers like any used link: 404.
    const user = await findInvite(tx, token, now);
    if (!user || !(await claimInvite(tx, user.id, sha256(token), passwordHash))) {
      throw new AppError('not_found', INVALID_INVITE);
    }
    const entry = { action: 'user.accept_invite', targetType: 'user', targetId: user.id, summary: user.email };
    await recordAudit(tx, { id: user.id, label: user.email }, entry, now);
    const signedIn = { id: user.id, email: user.email, displayName: user.display_name, role: user.role };
    return startSession(tx, signedIn, meta, now);
  });
}

export async function removeUser(tx: Tx, userId: number, actor: SignedInUser, now: Date) {
  // Not an AccountError: the form never offers it, so only a hand-made request gets here.
  if (userId === actor.id) throw new AppError('bad_request', 'You cannot remove your own account.');
  const user = await findUserById(tx, userId);
  if (!user) throw new AccountError('That account does not exist.');
  if (user.role === 'admin' && (await countAdmins(tx)) <= 1) {
    throw new AccountError('The last admin cannot be removed: invite another admin first.');
  }
  await deleteUser(tx, userId);
  const entry = { action: 'user.remove', targetType: 'user', targetId: userId, summary: user.email };
  await recordAudit(tx, { id: actor.id, label: actor.email }, entry, now);
}

// API tokens

export async function createApiToken(tx: Tx, userId: number, name: string, actor: Actor, now: Date) {
  const trimmed = apiTokenName(name);
  const { token, hash, shown } = mintApiToken(TOKEN_PREFIX);
  const user = await findUserById(tx, userId);
  if (!user) throw new AccountError('email: no such account', 'email');
  const row = { userId, name: trimmed, tokenHash: hash, prefix: shown, now: now.toISOString() };
  const id = await insertApiToken(tx, row);
  const summary = `${trimmed} for ${user.email}`;
  await recordAudit(tx, actor, { action: 'token.create', targetType: 'api_token', targetId: id, summary }, now);
  return { id, token };
}

/** For the CLI and tests (no app, so no page cache to retire: a plain transaction). */
export async function createApiTokenForEmail(db: Db, email: string, name: string, now: Date) {
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (!user) throw new AccountError(`email: no account for ${email}`, 'email');
  return db.transaction().execute((tx) => createApiToken(tx, user.id, name, { id: null, label: 'cli' }, now));
}

export async function revokeApiToken(tx: Tx, tokenId: number, actor: Actor, now: Date) {
  const revoked = await revokeToken(tx, tokenId, now.toISOString());
  if (!revoked) throw new AccountError('That token does not exist or is already revoked.');
  const entry = { action: 'token.revoke', targetType: 'api_token', targetId: tokenId, summary: revoked.name };
  await recordAudit(tx, actor, entry, now);
}
