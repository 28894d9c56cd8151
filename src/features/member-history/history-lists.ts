import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { slugify } from '../../lib/slug.js';
import type { HistoryEvent } from '../history/index.js';
import {
  createList,
  findMemberList,
  type ImportRow,
  importIntoList,
  LIST_LIMITS,
  ListError,
  ownedList,
  type StoredList,
} from '../lists/index.js';
import { itemKey } from './history-keys.js';
import { importedKeys, importedKeysStarting, recordImported } from './member-history.repository.js';
import { type MemberImportReport, setAside } from './member-import-report.js';

type ListEvent = HistoryEvent & { match: { status: 'matched'; filmId: number } };
type ListsDeps = { writer: Writer; now: () => Date };
type ListsOwner = { id: number };
type ListsOptions = { visibility: 'public' | 'private' };

/** The matched list entries of a file, by list name, in the file's order. */
export class ListsInFile {
  readonly byName = new Map<string, { description: string | null; events: ListEvent[] }>();
  add(event: ListEvent): void {
    const name = (event.list?.name ?? event.file).trim();
    const list = this.byName.get(name) ?? { description: event.list?.description ?? null, events: [] };
    list.events.push(event);
    this.byName.set(name, list);
  }
}

/**
 * Each list of the file becomes the member's list of that name, through the lists feature's own CSV import (the
 * entries in position order with their notes). The list a name became is in the ledger, so the same file again finds
 * it even if the member renamed it since; a list of that title the member already has is used as it is. Each entry is
 * in the ledger too: one the member took off the list after an import is not put back by the next. Imported lists
 * are public or private as the diary entries are, and never reach the activity feed.
 */
export async function applyLists(
  deps: ListsDeps,
  owner: ListsOwner,
  lists: ListsInFile,
  options: ListsOptions,
  report: MemberImportReport,
): Promise<void> {
  for (const [name, { description, events }] of lists.byName) {
    try {
      const now = deps.now();
      const outcome = await deps.writer.write((uow) =>
        applyList(uow, owner, { name, description, events }, options, now),
      );
      report.added.lists += outcome.created ? 1 : 0;
      report.added.listEntries += outcome.added;
      report.unchanged += outcome.unchanged;
    } catch (error) {
      if (!(error instanceof ListError)) throw error;
      for (const event of events) setAside(report, event, `list “${name}”: ${error.message}`);
    }
  }
}

/** A new list's slug, as the lists feature makes it when the slug is free (lists.service.ts freeSlug). */
const slugOfTitle = (title: string) => slugify(title).slice(0, 80).replace(/-+$/, '') || 'list';

async function applyList(
  uow: UnitOfWork,
  owner: ListsOwner,
  { name, description, events }: { name: string; description: string | null; events: ListEvent[] },
  options: ListsOptions,
  now: Date,
) {
  let created = false;
  const findOrCreate = async (): Promise<StoredList> => {
    const before = await listImportedBefore(uow, owner.id, name);
    if (before) return before;
    const title = [...name].slice(0, LIST_LIMITS.titleChars).join('');
    const sameTitle = await findMemberList(uow.tx, owner.id, slugOfTitle(title));
    if (sameTitle?.title === title) return sameTitle;
    const input = {
      title,
      description: (description ?? '').slice(0, LIST_LIMITS.descriptionChars),
      ranked: events.every((e) => e.list?.position != null),
      visibility: options.visibility,
    };
    const { slug } = await createList(uow, { memberId: owner.id }, input, now, { imported: true });
    created = true;
    const made = await findMemberList(uow.tx, owner.id, slug);
    if (!made) throw new Error(`List ${slug} of member ${owner.id} vanished in its own transaction`);
    return made;
  };
  const list = await findOrCreate();
  const keys = events.map((e) => itemKey.listEntry(list.id, e.match.filmId));
  const done = await importedKeys(uow.tx, owner.id, keys);
  const rows: ImportRow[] = events
    .filter((_, i) => !done.has(keys[i] ?? ''))
    .map((e) => ({
      line: e.line,
      title: e.title,
      year: e.year,
      position: e.list?.position ?? null,
      note: e.list?.note ?? '',
      match: e.match,
    }));
  const { added, alreadyOn } = await importIntoList(uow, list, rows, now);
  const fresh = keys.filter((k) => !done.has(k));
  if (created || fresh.length)
    await recordImported(uow.tx, owner.id, [itemKey.list(name, list.id), ...fresh], now.toISOString());
  return { created, added, unchanged: alreadyOn + (events.length - rows.length) };
}

/** The list this name became at an earlier import, if the member still has it. */
async function listImportedBefore(uow: UnitOfWork, memberId: number, name: string): Promise<StoredList | null> {
  const keys = await importedKeysStarting(uow.tx, memberId, itemKey.listPrefix(name));
  for (const key of keys) {
    try {
      return await ownedList(uow.tx, Number(key.slice(key.lastIndexOf(':') + 1)), memberId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  return null;
}
