import type { Generated } from 'kysely';

/**
 * A visitor with an account (docs/decisions/026). Separate from staff `users`: nothing here can pass a role check.
 * Keys are what uniqueness is decided on: `email_key` is the address NFKC-normalised, trimmed and lower-cased (so
 * `Ann@Example.org` and its full-width twin are one account), `handle_key` the handle lower-cased.
 */
export interface MemberTable {
  id: Generated<number>;
  /** As typed (trimmed): where mail goes. */
  email: string;
  email_key: string;
  /** As typed: how the profile address is shown (`/u/Ann_B` and `/u/ann_b` are the same member). */
  handle: string;
  handle_key: string;
  display_name: string;
  /** argon2id PHC string (accounts/password.ts). */
  password_hash: string;
  /** The member's stable visitor id: their votes, likes and comments are keyed by it, like a guest's. */
  visitor_id: string;
  bio: Generated<string>;
  profile_public: Generated<number>;
  watchlist_public: Generated<number>;
  confirmed_at: string | null;
  created_at: string;
  suspended_at: string | null;
}

/** Member sessions: the cookie holds a random id; the table holds only its hash (like admin sessions). */
export interface MemberSessionTable {
  id_hash: string;
  member_id: number;
  created_at: string;
  last_seen_at: string;
  ip_hash: string;
  user_agent: string;
}

export type MemberTokenPurpose = 'confirm' | 'reset' | 'email';

/** A one-time link (address confirmation, password reset, email change): only its hash is stored. */
export interface MemberTokenTable {
  token_hash: string;
  member_id: number;
  purpose: MemberTokenPurpose;
  new_email: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MembersTables {
  members: MemberTable;
  member_sessions: MemberSessionTable;
  member_tokens: MemberTokenTable;
}
