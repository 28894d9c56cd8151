import type { DbOrTx } from '../../db/database.js';
import type { ModerationMailMode } from './mail.table.js';

export function findModeratorMail(db: DbOrTx, userId: number) {
  return db.selectFrom('moderator_mail').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveModeratorMail(
  db: DbOrTx,
  row: { userId: number; mode: ModerationMailMode; digestMinutes: number; now: string },
) {
  await db
    .insertInto('moderator_mail')
    .values({ user_id: row.userId, mode: row.mode, digest_minutes: row.digestMinutes, last_digest_at: row.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ mode: row.mode, digest_minutes: row.digestMinutes }))
    .execute();
}

/** Staff who chose `mode` and can still sign in (the account table is the accounts feature's; read only here). */
export function staffWithMode(db: DbOrTx, mode: ModerationMailMode) {
  return db
    .selectFrom('moderator_mail')
    .innerJoin('users', 'users.id', 'moderator_mail.user_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'moderator_mail.digest_minutes',
      'moderator_mail.last_digest_at',
    ])
    .where('moderator_mail.mode', '=', mode)
    .where('users.disabled_at', 'is', null)
    .where('users.password_hash', 'is not', null)
    .execute();
}

/** Moves a digest's "covered up to" mark, if no other instance moved it first: only the winner sends the digest. */
export async function claimDigest(db: DbOrTx, userId: number, previous: string | null, now: string) {
  const result = await db
    .updateTable('moderator_mail')
    .set({ last_digest_at: now })
    .where('user_id', '=', userId)
    .where('mode', '=', 'digest')
    .where((eb) => (previous === null ? eb('last_digest_at', 'is', null) : eb('last_digest_at', '=', previous)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setModeratorMailOff(db: DbOrTx, userId: number) {
  await db.updateTable('moderator_mail').set({ mode: 'off' }).where('user_id', '=', userId).execute();
}
