import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { sha256 } from '../accounts/index.js';
import { claimToken, findUsableToken, insertMemberToken } from './members.repository.js';
import type { MemberTokenPurpose } from './members.table.js';

export const INVALID_LINK = 'This link is not valid any more (used, or too old). Ask for a new one.';

/** A one-time link's secret: returned once for the mail, stored as its hash only. */
export async function issueToken(
  tx: Tx,
  t: { memberId: number; purpose: MemberTokenPurpose; validMs: number; newEmail?: string },
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertMemberToken(tx, {
    tokenHash: sha256(token),
    memberId: t.memberId,
    purpose: t.purpose,
    ...(t.newEmail ? { newEmail: t.newEmail } : {}),
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + t.validMs).toISOString(),
  });
  return token;
}

/** The member a usable link is for (404 with a plain message otherwise). */
export async function memberOfToken(db: DbOrTx, token: string, purpose: MemberTokenPurpose, now: Date) {
  const row = await findUsableToken(db, sha256(token), purpose, now.toISOString());
  if (!row) throw new AppError('not_found', INVALID_LINK);
  return row;
}

/** Uses the link up inside the caller's transaction: of two requests with one link, the second is refused. */
export async function useToken(tx: Tx, token: string, purpose: MemberTokenPurpose, now: Date) {
  const row = await memberOfToken(tx, token, purpose, now);
  if (!(await claimToken(tx, sha256(token), now.toISOString()))) throw new AppError('not_found', INVALID_LINK);
  return row;
}
