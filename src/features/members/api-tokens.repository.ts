import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import type { MemberTokenScope } from './api-tokens.table.js';

export async function insertMemberApiToken(
  tx: Tx,
  token: { memberId: number; name: string; tokenHash: string; prefix: string; scope: MemberTokenScope; now: string },
): Promise<number> {
  const row = await tx
    .insertInto('member_api_tokens')
    .values({
      member_id: token.memberId,
      name: token.name,
      token_hash: token.tokenHash,
      prefix: token.prefix,
      scope: token.scope,
      created_at: token.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A token that is not revoked, with its member: the member's state decides whether it may act. */
export const findLiveMemberToken = (db: DbOrTx, tokenHash: string) =>
  db
    .selectFrom('member_api_tokens')
    .innerJoin('members', 'members.id', 'member_api_tokens.member_id')
    .select([
      'member_api_tokens.id',
      'member_api_tokens.last_used_at',
      'member_api_tokens.scope',
      'members.id as member_id',
      'members.handle',
      'members.display_name',
      'members.visitor_id',
      'members.confirmed_at',
      'members.suspended_at',
    ])
    .where('member_api_tokens.token_hash', '=', tokenHash)
    .where('member_api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();

export async function markMemberTokenUsed(db: DbOrTx, tokenId: number, now: string) {
  await db.updateTable('member_api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export const listMemberApiTokens = (db: DbOrTx, memberId: number) =>
  db
    .selectFrom('member_api_tokens')
    .select(['id', 'name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('member_id', '=', memberId)
    .orderBy('revoked_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export async function countLiveMemberTokens(db: DbOrTx, memberId: number): Promise<number> {
  const row = await db
    .selectFrom('member_api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes one of the member's own tokens; false when there is no such live token of theirs. */
export async function revokeMemberApiToken(tx: Tx, memberId: number, tokenId: number, now: string) {
  const result = await tx
    .updateTable('member_api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
