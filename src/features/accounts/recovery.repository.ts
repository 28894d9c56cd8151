import type { DbOrTx } from '../../db/database.js';

export async function insertReset(
  db: DbOrTx,
  row: { tokenHash: string; userId: number; now: string; expiresAt: string },
) {
  await db
    .insertInto('password_resets')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      created_at: row.now,
      expires_at: row.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The account behind an unused, unexpired reset link (and still active: not disabled, password set). */
export async function findUsableReset(db: DbOrTx, tokenHash: string, now: string) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.role'])
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .where('users.password_hash', 'is not', null)
    .executeTakeFirst();
}

/** Marks the link used, if it still was not: of two requests with one link, only one gets true. */
export async function claimReset(db: DbOrTx, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new password retires every other link of the account, and links past their hour go with it. */
export async function retireResets(db: DbOrTx, userId: number, now: string) {
  await db
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<=', now)]))
    .execute();
}

export async function setPasswordHash(db: DbOrTx, userId: number, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export function listDevices(db: DbOrTx, userId: number) {
  return db.selectFrom('known_devices').select(['device_hash', 'family']).where('user_id', '=', userId).execute();
}

export async function upsertDevice(
  db: DbOrTx,
  row: { userId: number; deviceHash: string; family: string; now: string },
) {
  await db
    .insertInto('known_devices')
    .values({
      user_id: row.userId,
      device_hash: row.deviceHash,
      family: row.family,
      first_seen_at: row.now,
      last_seen_at: row.now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet({ last_seen_at: row.now }))
    .execute();
}
