import type { Generated } from 'kysely';

/** A member's personal API token (docs/decisions/034): only the secret's SHA-256 is stored, like the admin API's. */
export interface MemberApiTokenTable {
  id: Generated<number>;
  member_id: number;
  name: string;
  token_hash: string;
  /** The first characters, to tell tokens apart in the list without revealing them. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface MemberApiTokensTables {
  member_api_tokens: MemberApiTokenTable;
}
