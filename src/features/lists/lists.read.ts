import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { LIST_LIMITS, queryKeys } from './list.js';
import {
  countPublicListsOfFilm,
  countSeen,
  entriesPage,
  findMemberByHandle,
  hasLiked,
  type ListRow,
  listsOf,
  publicListsOfFilmPage,
  publicSiteLists,
  searchPublicLists,
} from './lists.repository.js';
import { hrefOf, ownerKeyOf, type StoredList, visibleKinds } from './lists.service.js';
import type { ListSummary, SiteShelf } from './views/ListIndexes.js';
import type { ListEntryView, ListView } from './views/ListPage.js';

export const summaryOf = (l: ListRow): ListSummary => ({
  id: l.id,
  title: l.title,
  href: hrefOf(l),
  entryCount: l.entry_count,
  likeCount: l.like_count,
  visibility: l.visibility,
  ownerName: l.member_id === null ? null : l.owner_name,
});

export const viewOf = (l: StoredList): ListView => ({
  id: l.id,
  title: l.title,
  href: hrefOf(l),
  descriptionHtml: l.description ? renderMarkdown(l.description) : '',
  ranked: l.ranked === 1,
  visibility: l.visibility,
  entryCount: l.entry_count,
  likeCount: l.like_count,
  owner: l.member_id === null ? null : { handle: l.owner_handle ?? '', name: l.owner_name ?? '' },
});

const pageCountOf = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

/** One page of a list as its page shows it; a page past the end is a 404. */
export async function readListPage(
  db: DbOrTx,
  list: StoredList,
  page: number,
  viewer: { visitorId: string | null; member: boolean },
) {
  const size = LIST_LIMITS.pageSize;
  const pageCount = pageCountOf(list.entry_count, size);
  if (page > pageCount) throw new AppError('not_found', `Page ${page} does not exist; this list has ${pageCount}.`);
  const offset = (page - 1) * size;
  const [rows, seen, liked] = await Promise.all([
    entriesPage(db, list.id, size, offset),
    viewer.member && viewer.visitorId ? countSeen(db, list.id, viewer.visitorId) : Promise.resolve(null),
    viewer.visitorId ? hasLiked(db, list.id, viewer.visitorId) : Promise.resolve(false),
  ]);
  const entries: ListEntryView[] = rows.map((r, i) => ({
    filmId: r.film_id,
    rank: offset + i + 1,
    slug: r.slug,
    title: r.title,
    year: r.year,
    posterKey: r.poster_key,
    note: r.note,
    noteHtml: r.note ? renderMarkdown(r.note) : '',
  }));
  return { entries, pageCount, seen, liked };
}

export async function memberByHandle(db: DbOrTx, handle: string) {
  const member = await findMemberByHandle(db, handle);
  if (!member || member.suspended_at) throw new AppError('not_found', 'There is no member at this address.');
  return member;
}

export async function readMemberLists(db: DbOrTx, memberId: number, own: boolean, page: number) {
  const size = LIST_LIMITS.pageSize;
  const rows = await listsOf(db, ownerKeyOf({ memberId }), visibleKinds(own), size + 1, (page - 1) * size);
  return { lists: rows.slice(0, size).map(summaryOf), hasMore: rows.length > size };
}

export async function readFilmLists(db: DbOrTx, filmId: number, page: number) {
  const size = LIST_LIMITS.pageSize;
  const [count, rows] = await Promise.all([
    countPublicListsOfFilm(db, filmId),
    publicListsOfFilmPage(db, filmId, size, (page - 1) * size),
  ]);
  return { lists: rows.map(summaryOf), pageCount: pageCountOf(count, size) };
}

/** The home page's site-list shelves: at most `shelves` lists of `perShelf` films each (bounded queries). */
export async function readSiteShelves(db: DbOrTx, shelves = 4, perShelf = 6): Promise<SiteShelf[]> {
  const lists = await publicSiteLists(db, shelves);
  return Promise.all(
    lists.map(async (l) => ({
      id: l.id,
      title: l.title,
      href: hrefOf(l),
      entryCount: l.entry_count,
      films: (await entriesPage(db, l.id, perShelf, 0)).map((e) => ({
        slug: e.slug,
        title: e.title,
        year: e.year,
        synopsis: e.synopsis,
        posterKey: e.poster_key,
      })),
    })),
  );
}

export async function searchLists(db: DbOrTx, q: string, limit = 5): Promise<ListSummary[]> {
  return (await searchPublicLists(db, queryKeys(q), limit)).map(summaryOf);
}

export { countPublicListsOfFilm };
