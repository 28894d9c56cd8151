import type { DbOrTx } from '../../db/database.js';
import type { Role } from './accounts.table.js';

export interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
}

const USER_COLUMNS = ['id', 'email', 'display_name', 'role', 'password_hash', 'created_at', 'disabled_at'] as const;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findUserByInvite(db: DbOrTx, inviteHash: string) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'invite_expires_at'])
    .where('invite_hash', '=', inviteHash)
    .executeTakeFirst();
}

export async function insertUser(
  db: DbOrTx,
  user: {
    email: string;
    displayName: string;
    role: Role;
    passwordHash: string | null;
    inviteHash?: string;
    inviteExpiresAt?: string;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      invite_hash: user.inviteHash ?? null,
      invite_expires_at: user.inviteExpiresAt ?? null,
      created_at: user.now,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Sets the password of an invited account and retires its link, if the link is still the one given: of two
 * requests using the same link at once, only one finds it (the other's update matches no row).
 */
export async function claimInvite(db: DbOrTx, userId: number, inviteHash: string, passwordHash: string) {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, invite_hash: null, invite_expires_at: null })
    .where('id', '=', userId)
    .where('invite_hash', '=', inviteHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listUsers(db: DbOrTx) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'invite_expires_at'])
    .orderBy('role')
    .orderBy('email')
    .execute();
}

export async function deleteUser(db: DbOrTx, userId: number) {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

export async function countAdmins(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Sessions

export async function insertSession(
  db: DbOrTx,
  session: { idHash: string; userId: number; now: string; ipHash: string; userAgent: string },
) {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      created_at: session.now,
      last_seen_at: session.now,
      ip_hash: session.ipHash,
      user_agent: session.userAgent.slice(0, 200),
    })
    .execute();
}

export async function findSession(db: DbOrTx, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.created_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTx, idHash: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: DbOrTx, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: DbOrTx, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// API tokens

export async function insertApiToken(
  db: DbOrTx,
  token: { userId: number; name: string; tokenHash: string; prefix: string; now: string },
) {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      prefix: token.prefix,
      created_at: token.now,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findActiveToken(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function markTokenUsed(db: DbOrTx, tokenId: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function listTokens(db: DbOrTx) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.prefix',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'users.email',
    ])
    .orderBy('api_tokens.revoked_at', 'desc')
    .orderBy('api_tokens.created_at', 'desc')
    .execute();
}

export async function revokeToken(db: DbOrTx, tokenId: number, now: string) {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .execute();
  return rows[0];
}

// Login attempts

export interface AttemptReservation {
  key: string;
  now: string;
  /** A previous failure before this instant is forgotten: the count starts again at 1. */
  forgetBefore: string;
  freeFailures: number;
  /** locked_until for failure freeFailures + 1, + 2, …; the last one for every failure after. */
  lockUntil: string[];
}

/**
 * Counts one more attempt against `key`, unless it is locked, in one statement: concurrent attempts each get their
 * own number, and the one that reaches the limit sets the lock that refuses the ones after it. Returns the new count,
 * or null while the key is locked (nothing counted).
 */
export async function reserveAttempt(db: DbOrTx, r: AttemptReservation): Promise<number | null> {
  const row = await db
    .insertInto('login_attempts')
    .values({
      key: r.key,
      failures: 1,
      last_failure_at: r.now,
      locked_until: r.freeFailures >= 1 ? null : (r.lockUntil[0] ?? null),
    })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => {
          const failures = eb
            .case()
            .when('login_attempts.last_failure_at', '<', r.forgetBefore)
            .then(eb.lit(1))
            .else(eb('login_attempts.failures', '+', eb.lit(1)))
            .end();
          let lock = eb.case().when(failures, '<=', r.freeFailures).then(eb.val<string | null>(null));
          for (const [i, until] of r.lockUntil.slice(0, -1).entries()) {
            lock = lock.when(failures, '=', r.freeFailures + 1 + i).then(eb.val(until));
          }
          return {
            failures,
            last_failure_at: r.now,
            locked_until: lock.else(eb.val(r.lockUntil.at(-1) ?? null)).end(),
          };
        })
        .where((eb) =>
          eb.or([eb('login_attempts.locked_until', 'is', null), eb('login_attempts.locked_until', '<=', r.now)]),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  return row ? row.failures : null;
}

export async function findLockedUntil(db: DbOrTx, key: string): Promise<string | null> {
  const row = await db.selectFrom('login_attempts').select('locked_until').where('key', '=', key).executeTakeFirst();
  return row?.locked_until ?? null;
}

/** Takes back one reserved attempt that turned out to be a success; lifts the lock if that brings it under the limit. */
export async function releaseAttempt(db: DbOrTx, key: string, freeFailures: number) {
  await db
    .updateTable('login_attempts')
    .set((eb) => ({
      failures: eb('failures', '-', eb.lit(1)),
      locked_until: eb
        .case()
        .when(eb('failures', '-', eb.lit(1)), '<=', freeFailures)
        .then(eb.val<string | null>(null))
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

export async function clearAttempts(db: DbOrTx, key: string) {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
