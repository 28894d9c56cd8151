import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.js';
import type { SignedInUser } from '../../kernel/staff.js';
import type { Tx, Writer } from '../../kernel/unit-of-work.js';
import { actorOf, recordAudit } from '../audit/index.js';
import { normaliseEmail, type SessionPolicy, sha256 } from './accounts.js';
import {
  deleteSession,
  deleteUserSessions,
  findActiveToken,
  findSession,
  findUserByEmail,
  insertSession,
  markTokenUsed,
  touchSession,
} from './accounts.repository.js';
import { decoyHash, verifyPassword } from './password.js';
import { throttledLogin } from './throttled-login.js';

export type LoginResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterS: number };

/**
 * Check an email and password, throttled per account and per network. The answer never tells whether the email
 * exists: unknown emails are throttled and timed like known ones. The password check runs outside any transaction.
 */
export async function logIn(
  store: { db: Db; writer: Writer },
  email: string,
  password: string,
  ipHash: string,
  now: Date,
): Promise<LoginResult> {
  const found = await throttledLogin(
    store,
    { account: `account:${sha256(normaliseEmail(email))}`, ipHash },
    now,
    async () => {
      const user = await findUserByEmail(store.db, normaliseEmail(email));
      const hash = user?.password_hash ?? (await decoyHash());
      const matches = (await verifyPassword(hash, password)) && user?.password_hash && !user.disabled_at;
      return matches ? user : null;
    },
  );
  if (!found.ok) return found;
  const user = found.value;
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role } };
}

/**
 * A new session with a fresh random id, replacing the one the browser held (so a login always rotates the id: a
 * session id planted before login never becomes privileged). Returns the id for the cookie.
 */
export async function startSession(
  tx: Tx,
  user: SignedInUser,
  meta: { ipHash: string; userAgent: string; replaces?: string | undefined },
  now: Date,
) {
  if (meta.replaces) await deleteSession(tx, sha256(meta.replaces));
  const id = randomBytes(32).toString('base64url');
  const session = { idHash: sha256(id), userId: user.id, ipHash: meta.ipHash, userAgent: meta.userAgent };
  await insertSession(tx, { ...session, now: now.toISOString() });
  const entry = { action: 'session.login', targetType: 'user', targetId: user.id, summary: user.email };
  await recordAudit(tx, actorOf(user), entry, now);
  return id;
}

/**
 * The user a session cookie belongs to, if the session is alive; expired sessions are deleted on sight. Its writes
 * are single-statement bookkeeping of the auth hook (no content, no audit), so they need no unit of work.
 */
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

export async function endSession(tx: Tx, id: string) {
  await deleteSession(tx, sha256(id));
}

export async function endAllSessions(tx: Tx, user: SignedInUser, now: Date) {
  await deleteUserSessions(tx, user.id);
  const entry = { action: 'session.logout_everywhere', targetType: 'user', targetId: user.id, summary: user.email };
  await recordAudit(tx, actorOf(user), entry, now);
}

export const TOKEN_PREFIX = 'rh_';

/** The user an API token acts as; like resumeSession, its "last used" stamp is bookkeeping of the auth hook. */
export async function authenticateToken(db: DbOrTx, bearer: string, now: Date): Promise<SignedInUser | null> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const token = await findActiveToken(db, sha256(bearer));
  if (!token || token.disabled_at) return null;
  if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > 60_000) {
    await markTokenUsed(db, token.id, now.toISOString());
  }
  return { id: token.user_id, email: token.email, displayName: token.display_name, role: token.role };
}
