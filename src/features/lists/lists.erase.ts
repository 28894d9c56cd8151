import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { entriesPage, findListById, listIdsOfMember } from './lists.repository.js';
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
