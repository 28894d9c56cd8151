import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { adjustCount, deleteLike, entriesPage, findListById, listIdsOfMember } from './lists.repository.js';
import { removeList } from './lists.service.js';

export interface ExportedList {
  title: string;
  slug: string;
  description: string;
  ranked: boolean;
  visibility: string;
  createdAt: string;
  entries: Array<{
    position: number;
    film: { slug: string; title: string; year: number | null };
    note: string;
    addedAt: string;
  }>;
}

/** Everything a member's lists hold, for their data export (account deletion and "export my data"). */
export async function exportListsOf(db: DbOrTx, memberId: number): Promise<ExportedList[]> {
  const out: ExportedList[] = [];
  for (const id of await listIdsOfMember(db, memberId)) {
    const list = await findListById(db, id);
    if (!list) continue;
    const entries: ExportedList['entries'] = [];
    for (let offset = 0; ; offset += 1000) {
      const rows = await entriesPage(db, id, 1000, offset);
      rows.forEach((r, i) => {
        entries.push({
          position: offset + i + 1,
          film: { slug: r.slug, title: r.title, year: r.year },
          note: r.note,
          addedAt: r.added_at,
        });
      });
      if (rows.length < 1000) break;
    }
    out.push({
      title: list.title,
      slug: list.slug,
      description: list.description,
      ranked: list.ranked === 1,
      visibility: list.visibility,
      createdAt: list.created_at,
      entries,
    });
  }
  return out;
}

/**
 * Deletes a member's lists with their entries and likes, inside the account deletion's unit of work; the pages that
 * showed them are retired by the keys removeList touches. Their likes of others' lists stay with their visitor id,
 * like film likes (the members feature decides what happens to those).
 */
export async function eraseListsOf(uow: UnitOfWork, memberId: number): Promise<number> {
  const ids = await listIdsOfMember(uow.tx, memberId);
  for (const id of ids) {
    const list = await findListById(uow.tx, id);
    if (list) await removeList(uow, list);
  }
  return ids.length;
}

/** The lists a visitor liked (a member's, by their visitor id), for "export my data". */
export async function listLikesForExport(db: DbOrTx, visitorId: string) {
  const rows = await db
    .selectFrom('list_likes')
    .innerJoin('lists', 'lists.id', 'list_likes.list_id')
    .select(['lists.id', 'lists.title', 'list_likes.created_at'])
    .where('list_likes.visitor_id', '=', visitorId)
    .orderBy('list_likes.created_at')
    .execute();
  return rows.map((r) => ({ listId: r.id, title: r.title, likedAt: r.created_at }));
}

/**
 * Takes back a visitor's likes of lists (a member deleting their account with everything they did), each count
 * moving in the same unit of work, as unliking one by one would.
 */
export async function eraseListLikesOf(uow: UnitOfWork, visitorId: string): Promise<number> {
  const liked = await listLikesForExport(uow.tx, visitorId);
  for (const like of liked) {
    if (await deleteLike(uow.tx, like.listId, visitorId)) {
      await adjustCount(uow.tx, like.listId, 'like_count', -1);
      uow.touched(`list:${like.listId}`);
    }
  }
  return liked.length;
}

/**
 * What /privacy says about lists (a PrivacySection, wired in server/routes.ts), beside the code that exports and
 * erases them so that a new column comes with its sentence.
 */
export const listsPrivacySection = {
  heading: 'If you make, like or comment on lists',
  items: [
    {
      what: 'Your lists',
      detail:
        'each list’s title, description, whether it is ranked, whether it is public, unlisted or private, when you made and last changed it, and for each film on it: its place, your note and when you added it.',
    },
    {
      what: 'Seen by',
      detail:
        'a public list shows on your profile, in search and in the activity feed; an unlisted one to anyone with its link; a private one to you alone.',
    },
    {
      what: 'Likes of lists',
      detail:
        'which lists you liked and when, under your visitor id (your account’s, once you are signed in); each list shows only how many likes it has.',
    },
    {
      what: 'Comments on lists',
      detail:
        'are stored, shown and moderated like comments on films (see “If you comment” above); as a member you comment under your display name.',
    },
    {
      what: 'When you leave',
      detail:
        'your lists are deleted with your account, whichever way you delete it; your likes of lists are removed when you delete everything, and stay as a guest’s otherwise.',
    },
  ],
};
