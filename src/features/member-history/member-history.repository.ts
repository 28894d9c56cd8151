import type { Db, DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';

/** Rows per statement: well inside SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 300;

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Which of `keys` this member has imported before. */
export async function importedKeys(db: DbOrTx, memberId: number, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db
      .selectFrom('imported_history_items')
      .select('item_key')
      .where('member_id', '=', memberId)
      .where('item_key', 'in', part)
      .execute();
    for (const r of rows) found.add(r.item_key);
  }
  return found;
}

/** The keys this member imported that start with `prefix` (letters, digits and colons only: no LIKE wildcards). */
export async function importedKeysStarting(db: DbOrTx, memberId: number, prefix: string): Promise<string[]> {
  if (!/^[a-z0-9:-]+$/.test(prefix)) throw new Error(`Ledger prefix ${prefix} has characters LIKE would read`);
  const rows = await db
    .selectFrom('imported_history_items')
    .select('item_key')
    .where('member_id', '=', memberId)
    .where('item_key', 'like', `${prefix}%`)
    .execute();
  return rows.map((r) => r.item_key);
}

export async function recordImported(tx: Tx, memberId: number, keys: string[], now: string): Promise<void> {
  for (const part of chunks([...new Set(keys)])) {
    await tx
      .insertInto('imported_history_items')
      .values(part.map((item_key) => ({ member_id: memberId, item_key, imported_at: now })))
      .onConflict((oc) => oc.columns(['member_id', 'item_key']).doNothing())
      .execute();
  }
}

/** The films the member has at least one diary entry of. */
export async function filmsInDiary(db: DbOrTx, memberId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('diary_entries')
    .select('film_id')
    .distinct()
    .where('member_id', '=', memberId)
    .execute();
  return new Set(rows.map((r) => r.film_id));
}

/** How many viewings the member logged of each of `filmIds`, by "film:day". */
export async function viewingsOn(db: DbOrTx, memberId: number, filmIds: number[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const part of chunks([...new Set(filmIds)])) {
    const rows = await db
      .selectFrom('diary_entries')
      .select(['film_id', 'watched_on', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('member_id', '=', memberId)
      .where('film_id', 'in', part)
      .groupBy(['film_id', 'watched_on'])
      .execute();
    for (const r of rows) counts.set(`${r.film_id}:${r.watched_on}`, Number(r.n));
  }
  return counts;
}

/** A member by address, keyed as the members feature keys addresses (NFKC, trimmed, lower-cased). */
export async function memberByEmail(db: Db, email: string) {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'display_name', 'visitor_id', 'confirmed_at', 'suspended_at'])
    .where('email_key', '=', email.normalize('NFKC').trim().toLowerCase())
    .executeTakeFirst();
}
