import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { slugify } from '../../lib/slug.js';
import { type ActivityOptions, recordListActivity, withdrawListActivity } from '../activity/index.js';
import {
  checkListInput,
  checkNote,
  LIST_LIMITS,
  ListError,
  type ListInput,
  listHref,
  POSITION_CEILING,
  POSITION_GAP,
  positionBetween,
  titleKeys,
} from './list.js';
import {
  adjustCount,
  countListsOf,
  deleteEntry,
  deleteLike,
  deleteList,
  filmIdsOf,
  filmsAlreadyOn,
  findEntry,
  findListById,
  findListBySlug,
  insertEntries,
  insertEntry,
  insertLike,
  insertList,
  type ListRow,
  lastPosition,
  positionsAround,
  renumber,
  replaceWords,
  setEntryNote,
  setEntryPosition,
  slugTaken,
  touchList,
  updateList,
} from './lists.repository.js';
import type { ListVisibility } from './lists.table.js';

/** Who a list belongs to: a member, or the site (admins' lists on the home page). */
export type ListOwner = { memberId: number } | 'site';

export const ownerKeyOf = (owner: ListOwner) => (owner === 'site' ? 'site' : `m:${owner.memberId}`);

export type StoredList = ListRow & { suspended_at: string | null };

const listNotFound = () => new AppError('not_found', 'There is no list at this address.');

/** Past this many films, a visibility change retires film pages by the broad key rather than one key per film. */
const FILM_KEYS_MAX = 200;

/**
 * The pages a change to `list` retires: its own, its owner's index (or the home page's shelves), and, when it is or
 * was public, the "In N lists" of the films it changed.
 */
function touchList_(uow: UnitOfWork, list: Pick<StoredList, 'id' | 'member_id'>, filmIds: number[] = []) {
  uow.touched(`list:${list.id}`);
  uow.touched(list.member_id === null ? 'site-lists' : `member-lists:${list.member_id}`);
  if (filmIds.length > FILM_KEYS_MAX) uow.touched('engagement');
  else for (const id of filmIds) uow.touched(`film:${id}`);
}

async function freeSlug(db: DbOrTx, ownerKey: string, title: string, exceptId: number | null): Promise<string> {
  const base = slugify(title).slice(0, 80).replace(/-+$/, '') || 'list';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, ownerKey, slug, exceptId))) return slug;
  }
}

/** A member's list in the activity feed (decision 037): public lists are items, others are taken out. */
async function recordActivity(
  uow: UnitOfWork,
  list: { id: number; memberId: number | null; slug: string; title: string; visibility: ListVisibility },
  now: Date,
  options: ActivityOptions = {},
) {
  if (list.memberId === null) return;
  const { id, memberId, slug, title } = list;
  await recordListActivity(uow, { id, memberId, slug, title, isPublic: list.visibility === 'public' }, now, options);
}

/** `options.imported`: a list from a history import, kept out of the activity feed. */
export async function createList(
  uow: UnitOfWork,
  owner: ListOwner,
  input: ListInput,
  now: Date,
  options: ActivityOptions = {},
) {
  const checked = checkListInput(input);
  const ownerKey = ownerKeyOf(owner);
  if ((await countListsOf(uow.tx, ownerKey)) >= LIST_LIMITS.listsPerMember)
    throw new ListError(`You have ${LIST_LIMITS.listsPerMember.toLocaleString('en-US')} lists, the most one may have.`);
  const slug = await freeSlug(uow.tx, ownerKey, checked.title, null);
  const id = await insertList(uow.tx, {
    member_id: owner === 'site' ? null : owner.memberId,
    owner_key: ownerKey,
    slug,
    title: checked.title,
    description: checked.description,
    ranked: checked.ranked ? 1 : 0,
    visibility: checked.visibility,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  await replaceWords(uow.tx, id, checked.visibility === 'public' ? titleKeys(checked.title) : []);
  const memberId = owner === 'site' ? null : owner.memberId;
  touchList_(uow, { id, member_id: memberId });
  await recordActivity(uow, { id, memberId, slug, title: checked.title, visibility: checked.visibility }, now, options);
  return { id, slug };
}

export async function editList(uow: UnitOfWork, list: StoredList, input: ListInput, now: Date) {
  const checked = checkListInput(input);
  const slug =
    checked.title === list.title ? list.slug : await freeSlug(uow.tx, list.owner_key, checked.title, list.id);
  await updateList(uow.tx, list.id, {
    slug,
    title: checked.title,
    description: checked.description,
    ranked: checked.ranked ? 1 : 0,
    visibility: checked.visibility,
    updated_at: now.toISOString(),
  });
  await replaceWords(uow.tx, list.id, checked.visibility === 'public' ? titleKeys(checked.title) : []);
  const publicBefore = list.visibility === 'public';
  const publicAfter = checked.visibility === 'public';
  const films = publicBefore !== publicAfter ? await filmIdsOf(uow.tx, list.id, FILM_KEYS_MAX + 1) : [];
  touchList_(uow, list, films);
  if (checked.title !== list.title || checked.visibility !== list.visibility)
    await recordActivity(uow, { id: list.id, memberId: list.member_id, slug, ...checked }, now);
  return { id: list.id, slug };
}

export async function removeList(uow: UnitOfWork, list: StoredList) {
  const films = list.visibility === 'public' ? await filmIdsOf(uow.tx, list.id, FILM_KEYS_MAX + 1) : [];
  await deleteList(uow.tx, list.id);
  touchList_(uow, list, films);
  if (list.member_id !== null) await withdrawListActivity(uow, list.id);
}

const publicFilms = (list: StoredList, filmId: number) => (list.visibility === 'public' ? [filmId] : []);

/** Adds a film at the end of the list; adding it again changes nothing (false). */
export async function addFilm(uow: UnitOfWork, list: StoredList, filmId: number, note: string, now: Date) {
  const text = checkNote(note);
  if (await findEntry(uow.tx, list.id, filmId)) return false;
  const fresh = await findListById(uow.tx, list.id);
  if ((fresh?.entry_count ?? 0) >= LIST_LIMITS.entriesPerList)
    throw new ListError(
      `This list has ${LIST_LIMITS.entriesPerList.toLocaleString('en-US')} films, the most a list may have.`,
    );
  let position = positionBetween(await lastPosition(uow.tx, list.id), null);
  if (position === null) {
    await renumber(uow.tx, list.id);
    position = ((await lastPosition(uow.tx, list.id)) ?? 0) + POSITION_GAP;
  }
  const inserted = await insertEntry(uow.tx, {
    list_id: list.id,
    film_id: filmId,
    position,
    note: text,
    added_at: now.toISOString(),
  });
  if (!inserted) return false;
  await adjustCount(uow.tx, list.id, 'entry_count', 1, now.toISOString());
  touchList_(uow, list, publicFilms(list, filmId));
  return true;
}

/**
 * Adds many films at the end, in the order given, skipping those already on the list (so doing it twice changes
 * nothing): one read of what is there and batched inserts. Returns how many were added.
 */
export async function addFilms(
  uow: UnitOfWork,
  list: StoredList,
  films: Array<{ filmId: number; note: string }>,
  now: Date,
): Promise<number> {
  const seen = new Set<number>();
  const unique = films.filter((f) => !seen.has(f.filmId) && seen.add(f.filmId));
  const present = await filmsAlreadyOn(
    uow.tx,
    list.id,
    unique.map((f) => f.filmId),
  );
  const fresh = unique.filter((f) => !present.has(f.filmId)).map((f) => ({ ...f, note: checkNote(f.note) }));
  if (fresh.length === 0) return 0;
  const count = (await findListById(uow.tx, list.id))?.entry_count ?? 0;
  if (count + fresh.length > LIST_LIMITS.entriesPerList)
    throw new ListError(
      `That would make ${(count + fresh.length).toLocaleString('en-US')} films; a list may have at most ${LIST_LIMITS.entriesPerList.toLocaleString('en-US')}.`,
    );
  let last = await lastPosition(uow.tx, list.id);
  if (last !== null && last + fresh.length * POSITION_GAP >= POSITION_CEILING) {
    await renumber(uow.tx, list.id);
    last = await lastPosition(uow.tx, list.id);
  }
  const start = last ?? 0;
  const at = now.toISOString();
  await insertEntries(
    uow.tx,
    fresh.map((f, i) => ({
      list_id: list.id,
      film_id: f.filmId,
      position: start + (i + 1) * POSITION_GAP,
      note: f.note,
      added_at: at,
    })),
  );
  await adjustCount(uow.tx, list.id, 'entry_count', fresh.length, at);
  touchList_(uow, list, list.visibility === 'public' ? fresh.map((f) => f.filmId) : []);
  return fresh.length;
}

export async function removeFilm(uow: UnitOfWork, list: StoredList, filmId: number, now: Date) {
  if (!(await deleteEntry(uow.tx, list.id, filmId))) return false;
  await adjustCount(uow.tx, list.id, 'entry_count', -1, now.toISOString());
  touchList_(uow, list, publicFilms(list, filmId));
  return true;
}

/**
 * Moves a film to 1-based rank `toRank` (clamped to the list): one row written, unless its new neighbours leave no
 * room between their positions, when the list is renumbered first (decision 035).
 */
export async function moveFilm(uow: UnitOfWork, list: StoredList, filmId: number, toRank: number, now: Date) {
  const entry = await findEntry(uow.tx, list.id, filmId);
  if (!entry) throw new AppError('not_found', 'That film is not on this list.');
  const count = (await findListById(uow.tx, list.id))?.entry_count ?? 1;
  const index = Math.min(Math.max(1, Math.floor(toRank)), Math.max(1, count)) - 1;
  const place = async () => {
    // The neighbours at the new place, among the other entries: the one before it (index - 1) and the one at it.
    const around =
      index === 0
        ? [null, ...(await positionsAround(uow.tx, list.id, filmId, 0))]
        : await positionsAround(uow.tx, list.id, filmId, index - 1);
    const before = around[0] ?? null;
    const after = around[1] ?? null;
    return positionBetween(before, after);
  };
  let position = await place();
  if (position === null) {
    await renumber(uow.tx, list.id);
    position = await place();
  }
  if (position === null) throw new Error(`No room to move film ${filmId} in list ${list.id} after renumbering`);
  await setEntryPosition(uow.tx, list.id, filmId, position);
  await touchList(uow.tx, list.id, now.toISOString());
  touchList_(uow, list);
}

export async function noteFilm(uow: UnitOfWork, list: StoredList, filmId: number, note: string, now: Date) {
  const text = checkNote(note);
  if (!(await setEntryNote(uow.tx, list.id, filmId, text)))
    throw new AppError('not_found', 'That film is not on this list.');
  await touchList(uow.tx, list.id, now.toISOString());
  touchList_(uow, list);
}

/** Like or unlike, once per visitor; the count moves in the same transaction. */
export async function likeList(uow: UnitOfWork, list: StoredList, visitorId: string, liked: boolean, now: Date) {
  const changed = liked
    ? await insertLike(uow.tx, list.id, visitorId, now.toISOString())
    : await deleteLike(uow.tx, list.id, visitorId);
  if (changed) {
    await adjustCount(uow.tx, list.id, 'like_count', liked ? 1 : -1);
    uow.touched(`list:${list.id}`);
  }
  return changed;
}

/**
 * The list as `viewer` may see it: a private list only by its owner, a suspended member's by nobody else; anyone
 * with the link sees an unlisted one. Otherwise the same 404 as no list, so a private list's existence does not show.
 */
export function visibleTo(list: StoredList | undefined, viewerMemberId: number | null): StoredList {
  if (!list) throw listNotFound();
  const owns = list.member_id !== null && list.member_id === viewerMemberId;
  if (owns) return list;
  if (list.visibility === 'private' || list.suspended_at) throw listNotFound();
  return list;
}

export async function findMemberList(db: DbOrTx, memberId: number, slug: string) {
  return findListBySlug(db, ownerKeyOf({ memberId }), slug);
}

export async function findSiteList(db: DbOrTx, slug: string) {
  return findListBySlug(db, 'site', slug);
}

/** A list its member owns, for a write; another's (or none) is a 404, never a 403 that says it exists. */
export async function ownedList(db: DbOrTx, listId: number, memberId: number): Promise<StoredList> {
  const list = await findListById(db, listId);
  if (!list || list.member_id !== memberId) throw listNotFound();
  return list;
}

export async function siteList(db: DbOrTx, listId: number): Promise<StoredList> {
  const list = await findListById(db, listId);
  if (!list || list.member_id !== null) throw listNotFound();
  return list;
}

export const hrefOf = (list: Pick<ListRow, 'slug' | 'owner_handle' | 'member_id'>) =>
  listHref({ slug: list.slug, ownerHandle: list.member_id === null ? null : (list.owner_handle ?? '') });

export const visibleKinds = (own: boolean): ListVisibility[] => (own ? ['public', 'unlisted', 'private'] : ['public']);

// Reads the routes need as they are, through the service (routes never reach the repository).
export {
  entriesPage,
  findEntry,
  findFilmBrief,
  findListById,
  type ListRow,
  listsHoldingFilm,
  listsOf,
  rankOf,
} from './lists.repository.js';
