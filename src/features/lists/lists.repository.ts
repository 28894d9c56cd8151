import { type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { deleteListComments } from '../comments/index.js';
import { diaryFilmIdsOf } from '../diary/index.js';
import { POSITION_GAP } from './list.js';
import type { ListTable, ListVisibility } from './lists.table.js';

export type ListRow = Selectable<ListTable> & { owner_handle: string | null; owner_name: string | null };

/** Lists with their owner's handle; a suspended member's lists are left out of every public read (by this join). */
const listsWithOwner = (db: DbOrTx) =>
  db
    .selectFrom('lists')
    .leftJoin('members', 'members.id', 'lists.member_id')
    .selectAll('lists')
    .select(['members.handle as owner_handle', 'members.display_name as owner_name', 'members.suspended_at']);

export async function findListById(
  db: DbOrTx,
  id: number,
): Promise<(ListRow & { suspended_at: string | null }) | undefined> {
  return listsWithOwner(db).where('lists.id', '=', id).executeTakeFirst();
}

export async function findListBySlug(
  db: DbOrTx,
  ownerKey: string,
  slug: string,
): Promise<(ListRow & { suspended_at: string | null }) | undefined> {
  return listsWithOwner(db).where('lists.owner_key', '=', ownerKey).where('lists.slug', '=', slug).executeTakeFirst();
}

export async function slugTaken(db: DbOrTx, ownerKey: string, slug: string, exceptId: number | null) {
  let q = db.selectFrom('lists').select('id').where('owner_key', '=', ownerKey).where('slug', '=', slug);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function countListsOf(db: DbOrTx, ownerKey: string): Promise<number> {
  const row = await db
    .selectFrom('lists')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('owner_key', '=', ownerKey)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A member's lists (or the site's), newest change first; `visible` narrows to what a visitor may see listed. */
export async function listsOf(
  db: DbOrTx,
  ownerKey: string,
  visible: readonly ListVisibility[],
  limit: number,
  offset: number,
): Promise<ListRow[]> {
  return listsWithOwner(db)
    .where('lists.owner_key', '=', ownerKey)
    .where('lists.visibility', 'in', [...visible])
    .orderBy('lists.updated_at', 'desc')
    .orderBy('lists.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function insertList(tx: Tx, row: Omit<ListTable, 'id' | 'entry_count' | 'like_count'>): Promise<number> {
  const inserted = await tx
    .insertInto('lists')
    .values({ ...row, entry_count: 0, like_count: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateList(
  tx: Tx,
  id: number,
  fields: Partial<Pick<ListTable, 'slug' | 'title' | 'description' | 'ranked' | 'visibility' | 'updated_at'>>,
) {
  await tx.updateTable('lists').set(fields).where('id', '=', id).execute();
}

export async function deleteList(tx: Tx, id: number) {
  // Children first: SQLite enforces the foreign keys' cascade only with the pragma on, so nothing relies on it.
  await tx.deleteFrom('list_entries').where('list_id', '=', id).execute();
  await tx.deleteFrom('list_likes').where('list_id', '=', id).execute();
  await tx.deleteFrom('list_words').where('list_id', '=', id).execute();
  await deleteListComments(tx, id);
  await tx.deleteFrom('lists').where('id', '=', id).execute();
}

export async function replaceWords(tx: Tx, listId: number, words: string[]) {
  await tx.deleteFrom('list_words').where('list_id', '=', listId).execute();
  if (words.length > 0)
    await tx
      .insertInto('list_words')
      .values(words.map((word) => ({ word, list_id: listId })))
      .execute();
}

export interface EntryRow {
  film_id: number;
  position: number;
  note: string;
  added_at: string;
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  poster_key: string | null;
  imdb_id: string | null;
}

/** One page of a list, in its order: the (list_id, position) index walks straight to it. */
export async function entriesPage(db: DbOrTx, listId: number, limit: number, offset: number): Promise<EntryRow[]> {
  return db
    .selectFrom('list_entries')
    .innerJoin('films', 'films.id', 'list_entries.film_id')
    .select([
      'list_entries.film_id',
      'list_entries.position',
      'list_entries.note',
      'list_entries.added_at',
      'films.slug',
      'films.title',
      'films.year',
      'films.synopsis',
      'films.poster_key',
      'films.imdb_id',
    ])
    .where('list_entries.list_id', '=', listId)
    .orderBy('list_entries.position')
    .orderBy('list_entries.film_id')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<EntryRow[]>;
}

export async function findEntry(db: DbOrTx, listId: number, filmId: number) {
  return db
    .selectFrom('list_entries')
    .selectAll()
    .where('list_id', '=', listId)
    .where('film_id', '=', filmId)
    .executeTakeFirst();
}

/** The entry's 1-based rank: how many come before it, plus one. */
export async function rankOf(db: DbOrTx, listId: number, position: number, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('list_entries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('list_id', '=', listId)
    .where((eb) =>
      eb.or([eb('position', '<', position), eb.and([eb('position', '=', position), eb('film_id', '<', filmId)])]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** Positions of the entries at 0-based indexes `index` and `index + 1`, leaving out the entry being moved. */
export async function positionsAround(tx: Tx, listId: number, movingFilmId: number, index: number) {
  const rows = await tx
    .selectFrom('list_entries')
    .select(['position'])
    .where('list_id', '=', listId)
    .where('film_id', '!=', movingFilmId)
    .orderBy('position')
    .orderBy('film_id')
    .limit(2)
    .offset(Math.max(0, index))
    .execute();
  return rows.map((r) => r.position);
}

export async function lastPosition(db: DbOrTx, listId: number): Promise<number | null> {
  const row = await db
    .selectFrom('list_entries')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('list_id', '=', listId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? null : Number(row.p);
}

export async function insertEntry(
  tx: Tx,
  row: { list_id: number; film_id: number; position: number; note: string; added_at: string },
) {
  const result = await tx
    .insertInto('list_entries')
    .values(row)
    .onConflict((oc) => oc.columns(['list_id', 'film_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function setEntryPosition(tx: Tx, listId: number, filmId: number, position: number) {
  await tx
    .updateTable('list_entries')
    .set({ position })
    .where('list_id', '=', listId)
    .where('film_id', '=', filmId)
    .execute();
}

export async function setEntryNote(tx: Tx, listId: number, filmId: number, note: string) {
  const result = await tx
    .updateTable('list_entries')
    .set({ note })
    .where('list_id', '=', listId)
    .where('film_id', '=', filmId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteEntry(tx: Tx, listId: number, filmId: number) {
  const result = await tx
    .deleteFrom('list_entries')
    .where('list_id', '=', listId)
    .where('film_id', '=', filmId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Spreads a list's entries `POSITION_GAP` apart again, in their current order, in one statement (UPDATE … FROM with a
 * window function: SQLite ≥ 3.33 and PostgreSQL read it alike). Only when a move finds no room between neighbours.
 */
export async function renumber(tx: Tx, listId: number) {
  await sql`
    update list_entries set position = ranked.rn * ${POSITION_GAP}
    from (
      select film_id, row_number() over (order by position, film_id) as rn
      from list_entries where list_id = ${listId}
    ) as ranked
    where list_entries.list_id = ${listId} and list_entries.film_id = ranked.film_id`.execute(tx);
}

export async function adjustCount(
  tx: Tx,
  listId: number,
  column: 'entry_count' | 'like_count',
  by: number,
  now?: string,
) {
  await tx
    .updateTable('lists')
    .set((eb) => ({ [column]: eb(column, '+', by), ...(now ? { updated_at: now } : {}) }))
    .where('id', '=', listId)
    .execute();
}

export async function touchList(tx: Tx, listId: number, now: string) {
  await tx.updateTable('lists').set({ updated_at: now }).where('id', '=', listId).execute();
}

/** Films on a list, all of them (film-page keys when its visibility changes; export). */
export async function filmIdsOf(db: DbOrTx, listId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('list_entries')
    .select('film_id')
    .where('list_id', '=', listId)
    .limit(limit)
    .execute();
  return rows.map((r) => r.film_id);
}

const publicListsOfFilm = (db: DbOrTx, filmId: number) =>
  db
    .selectFrom('list_entries')
    .innerJoin('lists', 'lists.id', 'list_entries.list_id')
    .leftJoin('members', 'members.id', 'lists.member_id')
    .where('list_entries.film_id', '=', filmId)
    .where('lists.visibility', '=', 'public')
    .where('members.suspended_at', 'is', null);

// Every film page counts them: prepared once (src/db/prepared-query.ts).
const publicListCount = preparedQuery((db: DbOrTx, filmId: number) =>
  publicListsOfFilm(db, filmId).select((eb) => eb.fn.countAll<number | string>().as('n')),
);

export async function countPublicListsOfFilm(db: DbOrTx, filmId: number): Promise<number> {
  const [row] = await publicListCount(db, filmId);
  return Number(row?.n ?? 0);
}

export async function publicListsOfFilmPage(db: DbOrTx, filmId: number, limit: number, offset: number) {
  return publicListsOfFilm(db, filmId)
    .selectAll('lists')
    .select(['members.handle as owner_handle', 'members.display_name as owner_name'])
    .orderBy('lists.like_count', 'desc')
    .orderBy('lists.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<ListRow[]>;
}

/**
 * How many of a list's films a member has seen: voted on or liked under their visitor id, or logged in their diary
 * (through the diary feature's subquery, decision 035).
 */
export async function countSeen(db: DbOrTx, listId: number, viewer: { visitorId: string; memberId: number }) {
  const row = await db
    .selectFrom('list_entries as e')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('e.list_id', '=', listId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('film_votes as v')
            .select('v.film_id')
            .whereRef('v.film_id', '=', 'e.film_id')
            .where('v.visitor_id', '=', viewer.visitorId),
        ),
        eb.exists(
          eb
            .selectFrom('film_likes as l')
            .select('l.film_id')
            .whereRef('l.film_id', '=', 'e.film_id')
            .where('l.visitor_id', '=', viewer.visitorId),
        ),
        eb('e.film_id', 'in', diaryFilmIdsOf(db, viewer.memberId)),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLike(tx: Tx, listId: number, visitorId: string, now: string) {
  const result = await tx
    .insertInto('list_likes')
    .values({ list_id: listId, visitor_id: visitorId, created_at: now })
    .onConflict((oc) => oc.columns(['list_id', 'visitor_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteLike(tx: Tx, listId: number, visitorId: string) {
  const result = await tx
    .deleteFrom('list_likes')
    .where('list_id', '=', listId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function hasLiked(db: DbOrTx, listId: number, visitorId: string) {
  const row = await db
    .selectFrom('list_likes')
    .select('list_id')
    .where('list_id', '=', listId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Public lists whose title has a word starting with each query word: one query on the words' primary key. */
export async function searchPublicLists(db: DbOrTx, words: string[], limit: number): Promise<ListRow[]> {
  if (words.length === 0) return [];
  let q = listsWithOwner(db).where('lists.visibility', '=', 'public').where('members.suspended_at', 'is', null);
  for (const word of words) {
    q = q.where('lists.id', 'in', (eb) =>
      eb.selectFrom('list_words').select('list_words.list_id').where('list_words.word', '=', word),
    );
  }
  return q.orderBy('lists.like_count', 'desc').orderBy('lists.id', 'desc').limit(limit).execute();
}

export async function findMemberByHandle(db: DbOrTx, handle: string) {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'display_name', 'suspended_at'])
    .where('handle_key', '=', handle.toLowerCase())
    .executeTakeFirst();
}

/** The site's public lists for the home page, newest change first: bounded by `limit`. */
export async function publicSiteLists(db: DbOrTx, limit: number): Promise<ListRow[]> {
  return listsWithOwner(db)
    .where('lists.owner_key', '=', 'site')
    .where('lists.visibility', '=', 'public')
    .where('lists.entry_count', '>', 0)
    .orderBy('lists.updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** Every list a member owns, for export and erasure. */
export async function listIdsOfMember(db: DbOrTx, memberId: number): Promise<number[]> {
  const rows = await db.selectFrom('lists').select('id').where('member_id', '=', memberId).execute();
  return rows.map((r) => r.id);
}

/** Which of a member's lists hold a film (the "Add to list" page greys those out). */
export async function listsHoldingFilm(db: DbOrTx, ownerKey: string, filmId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('list_entries')
    .innerJoin('lists', 'lists.id', 'list_entries.list_id')
    .select('lists.id')
    .where('lists.owner_key', '=', ownerKey)
    .where('list_entries.film_id', '=', filmId)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Directors of films, in credit order, for the CSV export: one query per page of entries. */
export async function directorsOf(db: DbOrTx, filmIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (filmIds.length === 0) return map;
  const rows = await db
    .selectFrom('film_people')
    .innerJoin('people', 'people.id', 'film_people.person_id')
    .select(['film_people.film_id', 'people.name'])
    .where('film_people.film_id', 'in', filmIds)
    .where('film_people.role', '=', 'director')
    .orderBy('film_people.film_id')
    .orderBy('film_people.position')
    .execute();
  for (const row of rows) map.set(row.film_id, [...(map.get(row.film_id) ?? []), row.name]);
  return map;
}

/** Which of `filmIds` a list already holds. */
export async function filmsAlreadyOn(db: DbOrTx, listId: number, filmIds: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < filmIds.length; i += 500) {
    const rows = await db
      .selectFrom('list_entries')
      .select('film_id')
      .where('list_id', '=', listId)
      .where('film_id', 'in', filmIds.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.film_id);
  }
  return found;
}

export async function insertEntries(
  tx: Tx,
  rows: Array<{ list_id: number; film_id: number; position: number; note: string; added_at: string }>,
) {
  // 500 rows × 5 parameters stays under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('list_entries')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function findFilmBrief(db: DbOrTx, id: number) {
  return db.selectFrom('films').select(['id', 'slug', 'title', 'year']).where('id', '=', id).executeTakeFirst();
}

/** A member's address, for their comments on lists (a member comments as themselves). */
export async function memberEmail(db: DbOrTx, memberId: number): Promise<string> {
  const row = await db.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst();
  return row?.email ?? '';
}
