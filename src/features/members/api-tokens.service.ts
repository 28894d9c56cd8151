import type { DbOrTx } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { AccountError, apiTokenName, mintApiToken, sha256 } from '../accounts/index.js';
import {
  countLiveMemberTokens,
  findLiveMemberToken,
  insertMemberApiToken,
  listMemberApiTokens,
  markMemberTokenUsed,
  revokeMemberApiToken,
} from './api-tokens.repository.js';
import type { MemberTokenScope } from './api-tokens.table.js';

// Personal API tokens (docs/decisions/034), minted and hashed as the admin API's are (features/accounts), with their
// own prefix: a member's token can never be mistaken for an admin's, and the admin hook never looks them up.

export const MEMBER_TOKEN_PREFIX = 'rhm_';
/** Live tokens one member may hold: enough for every script, not a store of secrets. */
export const MAX_LIVE_TOKENS = 20;

export { listMemberApiTokens };

/** What a form or script may ask for; anything else is refused with the field named. */
export function parseTokenScope(raw: string | undefined): MemberTokenScope {
  // Least privilege when nothing is said: a token that can only read cannot be used to change the account.
  if (raw === undefined || raw === '' || raw === 'read') return 'read';
  if (raw === 'read-write') return 'read-write';
  throw new AccountError('scope: choose read or read-write', 'scope');
}

/** Whether a token of this scope may make a request with this method (only reads for a read-only token). */
export const scopeAllows = (scope: MemberTokenScope, method: string) =>
  scope === 'read-write' || method === 'GET' || method === 'HEAD';

/** A new token for the member: the secret is returned once and only its hash stored. */
export async function createMemberApiToken(tx: Tx, memberId: number, name: string, scope: MemberTokenScope, now: Date) {
  const trimmed = apiTokenName(name);
  if ((await countLiveMemberTokens(tx, memberId)) >= MAX_LIVE_TOKENS) {
    throw new AccountError(`name: you have ${MAX_LIVE_TOKENS} tokens already; revoke one first`, 'name');
  }
  const { token, hash, shown } = mintApiToken(MEMBER_TOKEN_PREFIX);
  await insertMemberApiToken(tx, {
    memberId,
    name: trimmed,
    tokenHash: hash,
    prefix: shown,
    scope,
    now: now.toISOString(),
  });
  return token;
}

export async function revokeOwnToken(tx: Tx, memberId: number, tokenId: number, now: Date): Promise<void> {
  if (!(await revokeMemberApiToken(tx, memberId, tokenId, now.toISOString()))) {
    throw new AccountError('That token does not exist or is already revoked.');
  }
}

/**
 * The member a bearer token acts as: null when it is unknown or revoked, or its member is suspended (a deleted
 * member's tokens went with the account). Read on every request, so a revocation or suspension holds at once on
 * every instance; the "last used" stamp is bookkeeping, written at most once a minute.
 */
export async function authenticateMemberToken(
  db: DbOrTx,
  bearer: string,
  now: Date,
): Promise<{ member: SignedInMember; scope: MemberTokenScope } | null> {
  if (!bearer.startsWith(MEMBER_TOKEN_PREFIX) || bearer.length > 200) return null;
  const row = await findLiveMemberToken(db, sha256(bearer));
  if (!row || row.suspended_at) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await markMemberTokenUsed(db, row.id, now.toISOString());
  }
  return {
    member: {
      id: row.member_id,
      handle: row.handle,
      displayName: row.display_name,
      visitorId: row.visitor_id,
      confirmed: row.confirmed_at !== null,
    },
    scope: row.scope,
  };
}
