import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { sha256 } from '../accounts/index.js';
import { MEMBER_SESSION_POLICY } from './member.js';
import {
  deleteMemberSession,
  deleteSessionsOf,
  findMemberSession,
  insertMemberSession,
  touchMemberSession,
} from './members.repository.js';

// Member sessions, on the admin sessions' pattern (features/accounts/sessions.service.ts): a random id in the cookie,
// its hash in the table, idle and absolute expiry. Ending sessions touches `member:<id>`, so every instance's
// in-memory copy of them (member-session-cache.ts) is read again: the browser stops acting as the member at once here,
// and within a second on other instances.

/** A resumed session and until when it may be trusted without asking the database again. */
export interface ResumedSession {
  member: SignedInMember;
  expiresAtMs: number;
}

/** A new session with a fresh id, replacing the one the browser held (a planted id never becomes a member's). */
export async function startMemberSession(
  uow: UnitOfWork,
  memberId: number,
  meta: { ipHash: string; userAgent: string; replaces?: string | undefined },
  now: Date,
): Promise<string> {
  if (meta.replaces) await endMemberSession(uow, meta.replaces);
  const id = randomBytes(32).toString('base64url');
  await insertMemberSession(uow.tx, {
    idHash: sha256(id),
    memberId,
    ipHash: meta.ipHash,
    userAgent: meta.userAgent,
    now: now.toISOString(),
  });
  return id;
}

/**
 * The member a session cookie belongs to while the session is alive and the member not suspended; ended sessions
 * are deleted on sight. Its writes are single-statement bookkeeping (no content), so they need no unit of work.
 */
export async function resumeMemberSession(db: DbOrTx, id: string, now: Date): Promise<ResumedSession | null> {
  const idHash = sha256(id);
  const session = await findMemberSession(db, idHash);
  if (!session) return null;
  const policy = MEMBER_SESSION_POLICY;
  const idle = now.getTime() - Date.parse(session.last_seen_at);
  const absoluteEnd = Date.parse(session.created_at) + policy.absoluteMs;
  if (idle > policy.idleMs || now.getTime() > absoluteEnd || session.suspended_at) {
    await deleteMemberSession(db, idHash);
    return null;
  }
  if (idle > 60_000) await touchMemberSession(db, idHash, now.toISOString());
  const member: SignedInMember = {
    id: session.member_id,
    handle: session.handle,
    displayName: session.display_name,
    visitorId: session.visitor_id,
    confirmed: session.confirmed_at !== null,
  };
  return { member, expiresAtMs: Math.min(absoluteEnd, now.getTime() + policy.idleMs) };
}

/** Signs one browser out. */
export async function endMemberSession(uow: UnitOfWork, id: string): Promise<void> {
  const memberId = await deleteMemberSession(uow.tx, sha256(id));
  if (memberId !== undefined) uow.touched(`member:${memberId}`);
}

/** Signs every browser of a member out (log out everywhere, password change, suspension, deletion). */
export async function endAllMemberSessions(uow: UnitOfWork, memberId: number): Promise<void> {
  await deleteSessionsOf(uow.tx, memberId);
  uow.touched(`member:${memberId}`);
}
