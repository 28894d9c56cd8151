import { createHash, randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.js';
import type { SignedInUser } from '../../kernel/staff.js';
import { type Actor, actorOf, recordAudit } from '../audit/index.js';
import {
  clearAttempts,
  countAdmins,
  deleteSession,
  deleteUser,
  deleteUserSessions,
  findActiveToken,
  findLockedUntil,
  findSession,
  findUserByEmail,
  findUserById,
  findUserByInvite,
  insertApiToken,
  insertSession,
  insertUser,
  markTokenUsed,
  releaseAttempt,
  reserveAttempt,
  revokeToken,
  setPassword,
  touchSession,
} from './accounts.repository.js';
import type { Role } from './accounts.table.js';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import { ACCOUNT_THROTTLE, lockSchedule, NETWORK_THROTTLE, type ThrottlePolicy } from './throttle.js';

export type { SignedInUser };

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

export class AccountError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function emailProblem(email: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? null : 'email: not an email address';
}

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
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw new AccountError(`email: ${email} already has an account`, 'email');
    const id = await insertUser(trx, {
      email,
      displayName: input.displayName?.trim() || email.split('@')[0]!,
      role: input.role,
      passwordHash,
      now: now.toISOString(),
    });
    await recordAudit(
      trx,
      actor,
      { action: 'user.create', targetType: 'user', targetId: id, summary: `${email} (${input.role})` },
      now,
    );
    return id;
  });
}

/** Invite by link: the account exists at once, the invitee sets the password. The link is shown once, never stored. */
export async function inviteUser(db: Db, input: { email: string; role: Role }, actor: Actor, now: Date) {
  const email = normaliseEmail(input.email);
  const problem = emailProblem(email);
  if (problem) throw new AccountError(problem, 'email');
  const token = randomBytes(24).toString('base64url');
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw new AccountError(`email: ${email} already has an account`, 'email');
    const id = await insertUser(trx, {
      email,
      displayName: email.split('@')[0]!,
      role: input.role,
      passwordHash: null,
      inviteHash: sha256(token),
      inviteExpiresAt: new Date(now.getTime() + 7 * 24 * 3600_000).toISOString(),
      now: now.toISOString(),
    });
    await recordAudit(
      trx,
      actor,
      { action: 'user.invite', targetType: 'user', targetId: id, summary: `${email} (${input.role})` },
      now,
    );
    return { id, token };
  });
}

export async function findInvite(db: DbOrTx, token: string, now: Date) {
  const user = await findUserByInvite(db, sha256(token));
  if (!user?.invite_expires_at || user.invite_expires_at < now.toISOString()) return undefined;
  return user;
}

export async function acceptInvite(db: Db, token: string, password: string, now: Date): Promise<number> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, 'password');
  const user = await findInvite(db, token, now);
  if (!user) throw new AccountError('This invitation link is not valid any more. Ask an admin for a new one.');
  await setPassword(db, user.id, await hashPassword(password));
  await recordAudit(
    db,
    { id: user.id, label: user.email },
    { action: 'user.accept_invite', targetType: 'user', targetId: user.id, summary: user.email },
    now,
  );
  return user.id;
}

export async function removeUser(db: Db, userId: number, actor: Actor, now: Date) {
  await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new AccountError('That account does not exist.');
    if (user.role === 'admin' && (await countAdmins(trx)) <= 1) {
      throw new AccountError('The last admin cannot be removed: invite another admin first.');
    }
    await deleteUser(trx, userId);
    await recordAudit(
      trx,
      actor,
      { action: 'user.remove', targetType: 'user', targetId: userId, summary: user.email },
      now,
    );
  });
}

// Login and throttling

export type LoginResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterS: number };

/** Thrown inside the reservation transaction to undo it: this attempt is refused and counts for nothing. */
class Locked extends Error {
  constructor(readonly lockedUntil: string) {
    super('locked');
  }
}

/**
 * Counts this attempt against the account and the network before the password is checked, in one transaction:
 * counting after the (slow) check let concurrent attempts all read "not locked yet" and all get a check. If either
 * key is locked, nothing is counted.
 */
async function reserveLoginAttempt(db: Db, keys: Array<[string, ThrottlePolicy]>, now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      // Always in the same order (account, then network), so two transactions never wait on each other's rows.
      for (const [key, policy] of keys) {
        const failures = await reserveAttempt(trx, {
          key,
          now: now.toISOString(),
          forgetBefore: at(-policy.forgetAfterMs),
          freeFailures: policy.freeFailures,
          lockUntil: lockSchedule(policy).map(at),
        });
        if (failures === null) throw new Locked((await findLockedUntil(trx, key)) ?? now.toISOString());
      }
    });
    return null;
  } catch (error) {
    if (error instanceof Locked) return Math.max(1, Math.ceil((Date.parse(error.lockedUntil) - now.getTime()) / 1000));
    throw error;
  }
}

/**
 * Check an email and password, throttled per account and per network. The answer never tells whether the email
 * exists: unknown emails are throttled and timed like known ones.
 */
export async function logIn(db: Db, email: string, password: string, ipHash: string, now: Date): Promise<LoginResult> {
  const accountKey = `account:${sha256(normaliseEmail(email))}`;
  const networkKey = `network:${ipHash}`;
  const retryAfterS = await reserveLoginAttempt(
    db,
    [
      [accountKey, ACCOUNT_THROTTLE],
      [networkKey, NETWORK_THROTTLE],
    ],
    now,
  );
  if (retryAfterS !== null) return { ok: false, reason: 'locked', retryAfterS };

  const user = await findUserByEmail(db, normaliseEmail(email));
  const hash = user?.password_hash ?? (await decoyHash());
  const matches =
    (await verifyPassword(hash, password)) && user !== undefined && user.password_hash !== null && !user.disabled_at;
  // A failure was counted when the attempt was reserved; a success forgets the account's failures and gives the
  // network back the attempt, as a network is throttled on failures only.
  if (!matches) return { ok: false, reason: 'invalid' };
  await clearAttempts(db, accountKey);
  await releaseAttempt(db, networkKey, NETWORK_THROTTLE.freeFailures);
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role } };
}

// Sessions

/** A new session with a fresh random id (so a login always rotates the id); returns the id for the cookie. */
export async function startSession(
  db: DbOrTx,
  user: SignedInUser,
  meta: { ipHash: string; userAgent: string },
  now: Date,
) {
  const id = randomBytes(32).toString('base64url');
  await insertSession(db, { idHash: sha256(id), userId: user.id, now: now.toISOString(), ...meta });
  await recordAudit(
    db,
    actorOf(user),
    { action: 'session.login', targetType: 'user', targetId: user.id, summary: user.email },
    now,
  );
  return id;
}

/** The user a session cookie belongs to, if the session is alive; expired sessions are deleted on sight. */
export async function resumeSession(
  db: DbOrTx,
  id: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SignedInUser | null> {
  const idHash = sha256(id);
  const session = await findSession(db, idHash);
  if (!session) return null;
  const idle = now.getTime() - Date.parse(session.last_seen_at);
  const age = now.getTime() - Date.parse(session.created_at);
  if (idle > policy.idleMs || age > policy.absoluteMs || session.disabled_at) {
    await deleteSession(db, idHash);
    return null;
  }
  // Writing on every request would make each page view a write; a minute's precision is plenty for idle expiry.
  if (idle > 60_000) await touchSession(db, idHash, now.toISOString());
  return { id: session.user_id, email: session.email, displayName: session.display_name, role: session.role };
}

export async function endSession(db: DbOrTx, id: string) {
  await deleteSession(db, sha256(id));
}

export async function endAllSessions(db: DbOrTx, user: SignedInUser, now: Date) {
  await deleteUserSessions(db, user.id);
  await recordAudit(
    db,
    actorOf(user),
    { action: 'session.logout_everywhere', targetType: 'user', targetId: user.id, summary: user.email },
    now,
  );
}

// API tokens

const TOKEN_PREFIX = 'rh_';

export async function createApiToken(db: Db, userId: number, name: string, actor: Actor, now: Date) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 80) throw new AccountError('name: 1 to 80 characters', 'name');
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new AccountError('email: no such account', 'email');
    const id = await insertApiToken(trx, {
      userId,
      name: trimmed,
      tokenHash: sha256(token),
      prefix: token.slice(0, 8),
      now: now.toISOString(),
    });
    await recordAudit(
      trx,
      actor,
      { action: 'token.create', targetType: 'api_token', targetId: id, summary: `${trimmed} for ${user.email}` },
      now,
    );
    return { id, token };
  });
}

export async function createApiTokenForEmail(db: Db, email: string, name: string, now: Date) {
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (!user) throw new AccountError(`email: no account for ${email}`, 'email');
  return createApiToken(db, user.id, name, { id: null, label: 'cli' }, now);
}

export async function authenticateToken(db: DbOrTx, bearer: string, now: Date): Promise<SignedInUser | null> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const token = await findActiveToken(db, sha256(bearer));
  if (!token || token.disabled_at) return null;
  if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > 60_000) {
    await markTokenUsed(db, token.id, now.toISOString());
  }
  return { id: token.user_id, email: token.email, displayName: token.display_name, role: token.role };
}

export async function revokeApiToken(db: Db, tokenId: number, actor: Actor, now: Date) {
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeToken(trx, tokenId, now.toISOString());
    if (!revoked) throw new AccountError('That token does not exist or is already revoked.');
    await recordAudit(
      trx,
      actor,
      { action: 'token.revoke', targetType: 'api_token', targetId: tokenId, summary: revoked.name },
      now,
    );
  });
}

export { findUserByEmail, normaliseEmail };
