import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import type { DiaryEntryRow } from './diary.types.js';

export interface DiaryEntryValues {
  filmId: number;
  watchedOn: string;
  score: number | null;
  rewatch: boolean;
  note: string;
  isPublic: boolean;
}

const entryColumns = [
  'd.id',
  'd.film_id as filmId',
  'f.slug',
  'f.title',
  'f.year',
  'd.watched_on as watchedOn',
  'd.score',
  'd.rewatch',
  'd.note',
  'd.is_public as isPublic',
  'd.created_at as createdAt',
  'd.updated_at as updatedAt',
] as const;

const entries = (db: DbOrTx) => db.selectFrom('diary_entries as d').innerJoin('films as f', 'f.id', 'd.film_id');

export async function insertEntry(tx: Tx, memberId: number, v: DiaryEntryValues, now: string): Promise<number> {
  const row = await tx
    .insertInto('diary_entries')
    .values({
      member_id: memberId,
      film_id: v.filmId,
      watched_on: v.watchedOn,
      score: v.score,
      rewatch: v.rewatch ? 1 : 0,
      note: v.note,
      is_public: v.isPublic ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEntry(
  tx: Tx,
  memberId: number,
  id: number,
  v: Omit<DiaryEntryValues, 'filmId'>,
  now: string,
): Promise<void> {
  await tx
    .updateTable('diary_entries')
    .set({
      watched_on: v.watchedOn,
      score: v.score,
      rewatch: v.rewatch ? 1 : 0,
      note: v.note,
      is_public: v.isPublic ? 1 : 0,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .execute();
}

export async function deleteEntry(tx: Tx, memberId: number, id: number): Promise<boolean> {
  const rows = await tx
    .deleteFrom('diary_entries')
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** One of the member's own entries (never another member's: the id alone proves nothing). */
export async function findEntry(db: DbOrTx, memberId: number, id: number): Promise<DiaryEntryRow | undefined> {
  return entries(db)
    .select(entryColumns)
    .where('d.id', '=', id)
    .where('d.member_id', '=', memberId)
    .executeTakeFirst() as Promise<DiaryEntryRow | undefined>;
}

/** Newest viewing first; `publicOnly` for anyone but the owner. */
export async function listEntries(
  db: DbOrTx,
  memberId: number,
  options: { publicOnly: boolean; limit: number; offset: number },
): Promise<DiaryEntryRow[]> {
  let query = entries(db).select(entryColumns).where('d.member_id', '=', memberId);
  if (options.publicOnly) query = query.where('d.is_public', '=', 1);
  return query
    .orderBy('d.watched_on', 'desc')
    .orderBy('d.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute() as Promise<DiaryEntryRow[]>;
}

export async function countEntries(db: DbOrTx, memberId: number, publicOnly: boolean): Promise<number> {
  let query = entries(db)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('d.member_id', '=', memberId);
  if (publicOnly) query = query.where('d.is_public', '=', 1);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every entry of a member, oldest first, for "export my data". */
export async function allEntriesOf(db: DbOrTx, memberId: number): Promise<DiaryEntryRow[]> {
  return entries(db)
    .select(entryColumns)
    .where('d.member_id', '=', memberId)
    .orderBy('d.watched_on')
    .orderBy('d.id')
    .execute() as Promise<DiaryEntryRow[]>;
}

export async function deleteAllOf(tx: Tx, memberId: number): Promise<{ entries: number; watchlist: number }> {
  const diary = await tx.deleteFrom('diary_entries').where('member_id', '=', memberId).executeTakeFirst();
  const watchlist = await tx.deleteFrom('watchlist_items').where('member_id', '=', memberId).executeTakeFirst();
  return { entries: Number(diary.numDeletedRows), watchlist: Number(watchlist.numDeletedRows) };
}
