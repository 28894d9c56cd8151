import type { Generated } from 'kysely';

/** What a token may do on `/api/v1/me/…` (docs/decisions/043): read only, or read and change. */
export type MemberTokenScope = 'read' | 'read-write';

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
  /** Tokens made before scopes existed are 'read-write': they keep the access they were created with. */
  scope: Generated<MemberTokenScope>;
}

export interface MemberApiTokensTables {
  member_api_tokens: MemberApiTokenTable;
}
