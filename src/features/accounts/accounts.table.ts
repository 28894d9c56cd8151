import type { Generated } from 'kysely';

export type { Role } from '../../kernel/staff.js';

import type { Role } from '../../kernel/staff.js';

export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: Role;
  /** argon2id PHC string; null until an invited user sets a password. */
  password_hash: string | null;
  /** SHA-256 of a pending invitation token, and when it expires. */
  invite_hash: string | null;
  invite_expires_at: string | null;
  created_at: string;
  disabled_at: string | null;
}

/** Server-side sessions: the cookie holds a random id; the table holds only its hash. */
export interface SessionTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  ip_hash: string;
  user_agent: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters, to tell tokens apart in lists without revealing them. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Failed logins per account (email hash) and per network (IP hash), for growing delays. */
export interface LoginAttemptTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export interface AccountsTables {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
}
