import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MemberTokenPurpose } from './members.table.js';

export interface MemberRow {
  id: number;
  email: string;
  email_key: string;
  handle: string;
  handle_key: string;
  display_name: string;
  password_hash: string;
  visitor_id: string;
  bio: string;
  profile_public: number;
  watchlist_public: number;
  confirmed_at: string | null;
  created_at: string;
  suspended_at: string | null;
}

const MEMBER_COLUMNS = [
  'id',
  'email',
  'email_key',
  'handle',
  'handle_key',
  'display_name',
  'password_hash',
  'visitor_id',
  'bio',
  'profile_public',
  'watchlist_public',
  'confirmed_at',
  'created_at',
  'suspended_at',
] as const;

export const findMemberByEmailKey = (db: DbOrTx, emailKey: string): Promise<MemberRow | undefined> =>
  db.selectFrom('members').select(MEMBER_COLUMNS).where('email_key', '=', emailKey).executeTakeFirst();

export const findMemberByHandleKey = (db: DbOrTx, handleKey: string): Promise<MemberRow | undefined> =>
  db.selectFrom('members').select(MEMBER_COLUMNS).where('handle_key', '=', handleKey).executeTakeFirst();

export const findMemberById = (db: DbOrTx, id: number): Promise<MemberRow | undefined> =>
  db.selectFrom('members').select(MEMBER_COLUMNS).where('id', '=', id).executeTakeFirst();

export interface NewMember {
  email: string;
  emailKey: string;
  handle: string;
  handleKey: string;
  displayName: string;
  passwordHash: string;
  visitorId: string;
  confirmedAt: string | null;
  now: string;
}

export async function insertMember(db: DbOrTx, m: NewMember): Promise<number> {
  const row = await db
    .insertInto('members')
    .values({
      email: m.email,
      email_key: m.emailKey,
      handle: m.handle,
      handle_key: m.handleKey,
      display_name: m.displayName,
      password_hash: m.passwordHash,
      visitor_id: m.visitorId,
      confirmed_at: m.confirmedAt,
      created_at: m.now,
      suspended_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type MemberChanges = Partial<
  Pick<
    MemberRow,
    | 'email'
    | 'email_key'
    | 'display_name'
    | 'password_hash'
    | 'bio'
    | 'profile_public'
    | 'watchlist_public'
    | 'confirmed_at'
    | 'suspended_at'
    | 'handle'
    | 'handle_key'
  >
>;

export async function updateMember(db: DbOrTx, id: number, changes: MemberChanges): Promise<void> {
  await db.updateTable('members').set(changes).where('id', '=', id).execute();
}

export async function deleteMemberRow(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('members').where('id', '=', id).execute();
}

/** Accounts never confirmed and created before `before`, for the scheduled purge. */
export const listUnconfirmedBefore = (db: DbOrTx, before: string) =>
  db
    .selectFrom('members')
    .select(['id', 'visitor_id'])
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', before)
    .execute();

// Sessions

export async function insertMemberSession(
  db: DbOrTx,
  s: { idHash: string; memberId: number; now: string; ipHash: string; userAgent: string },
) {
  await db
    .insertInto('member_sessions')
    .values({
      id_hash: s.idHash,
      member_id: s.memberId,
      created_at: s.now,
      last_seen_at: s.now,
      ip_hash: s.ipHash,
      user_agent: s.userAgent.slice(0, 200),
    })
    .execute();
}

export const findMemberSession = (db: DbOrTx, idHash: string) =>
  db
    .selectFrom('member_sessions')
    .innerJoin('members', 'members.id', 'member_sessions.member_id')
    .select([
      'member_sessions.member_id',
      'member_sessions.created_at',
      'member_sessions.last_seen_at',
      'members.handle',
      'members.display_name',
      'members.visitor_id',
      'members.confirmed_at',
      'members.suspended_at',
    ])
    .where('member_sessions.id_hash', '=', idHash)
    .executeTakeFirst();

export async function touchMemberSession(db: DbOrTx, idHash: string, now: string) {
  await db.updateTable('member_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

/** Deletes one session; returns its member's id when there was one. */
export async function deleteMemberSession(db: DbOrTx, idHash: string): Promise<number | undefined> {
  const row = await db
    .deleteFrom('member_sessions')
    .where('id_hash', '=', idHash)
    .returning('member_id')
    .executeTakeFirst();
  return row?.member_id;
}

export async function deleteSessionsOf(db: DbOrTx, memberId: number) {
  await db.deleteFrom('member_sessions').where('member_id', '=', memberId).execute();
}

// One-time tokens

export async function insertMemberToken(
  db: DbOrTx,
  t: {
    tokenHash: string;
    memberId: number;
    purpose: MemberTokenPurpose;
    newEmail?: string;
    now: string;
    expiresAt: string;
  },
) {
  await db
    .insertInto('member_tokens')
    .values({
      token_hash: t.tokenHash,
      member_id: t.memberId,
      purpose: t.purpose,
      new_email: t.newEmail ?? null,
      created_at: t.now,
      expires_at: t.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The token's member while the token is unused and unexpired. */
export const findUsableToken = (db: DbOrTx, tokenHash: string, purpose: MemberTokenPurpose, now: string) =>
  db
    .selectFrom('member_tokens')
    .innerJoin('members', 'members.id', 'member_tokens.member_id')
    .select([...MEMBER_COLUMNS.map((c) => `members.${c}` as const), 'member_tokens.new_email'])
    .where('member_tokens.token_hash', '=', tokenHash)
    .where('member_tokens.purpose', '=', purpose)
    .where('member_tokens.used_at', 'is', null)
    .where('member_tokens.expires_at', '>', now)
    .executeTakeFirst();

/** Marks the token used if it still is usable: of two requests with one link, only one claims it. */
export async function claimToken(db: DbOrTx, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('member_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every open link of one purpose for a member is retired (a new password makes old reset links useless). */
export async function retireTokens(db: DbOrTx, memberId: number, purpose: MemberTokenPurpose, now: string) {
  await db
    .updateTable('member_tokens')
    .set({ used_at: now })
    .where('member_id', '=', memberId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Members for the admin list: newest first, optionally matching a handle, email or name (case-insensitive). */
export async function listMembers(db: DbOrTx, q: string, limit: number, offset: number) {
  let query = db
    .selectFrom('members')
    .select(['id', 'email', 'handle', 'display_name', 'confirmed_at', 'created_at', 'suspended_at'])
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .offset(offset);
  const needle = q.trim().toLowerCase();
  if (needle) {
    // Escaped so that % and _ typed in the search box match themselves.
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // `escape` is standard SQL: the same on SQLite and PostgreSQL.
    query = query.where(
      sql<boolean>`(handle_key like ${like} escape '\\' or email_key like ${like} escape '\\' or lower(display_name) like ${like} escape '\\')`,
    );
  }
  const rows = await query.execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
