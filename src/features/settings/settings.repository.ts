import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';

export async function selectSettingRows(db: DbOrTx) {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

export async function upsertSetting(tx: Tx, key: string, value: string, now: string) {
  await tx
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}
