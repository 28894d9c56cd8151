import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type ActivityOptions, recordDiaryActivity } from '../activity/index.js';
import type { Viewing } from './diary.js';
import { deleteEntry, findEntry, insertEntry, updateEntry } from './diary.repository.js';
import { type BallotRulesLike, castViewingVote } from './diary.votes.js';

export interface Diarist {
  memberId: number;
  visitorId: string;
  ipHash: string;
}

const entryNotFound = () => new AppError('not_found', 'There is no such diary entry of yours.');

/**
 * Log a viewing. A rating given with it is the member's vote on the film, cast through the ratings service in the
 * same transaction: one vote per visitor stays true, and the film's aggregates move with it. A public entry (and a
 * vote of 4 stars or more) joins the activity feed, unless `options.imported` (a history import: decision 037).
 */
export async function logViewing(
  uow: UnitOfWork,
  who: Diarist,
  filmId: number,
  viewing: Viewing,
  now: Date,
  rules: BallotRulesLike,
  options: ActivityOptions = {},
): Promise<number> {
  const id = await insertEntry(uow.tx, who.memberId, { filmId, ...viewing }, now.toISOString());
  if (viewing.score !== null) await castViewingVote(uow, who, filmId, viewing.score, now, rules, options);
  const entry = { id, memberId: who.memberId, filmId, isPublic: viewing.isPublic };
  await recordDiaryActivity(uow, entry, now, options);
  uow.touched(`profile:${who.memberId}`);
  return id;
}

/** Change one of the member's own entries; a new rating updates their vote as a new viewing would. */
export async function editViewing(
  uow: UnitOfWork,
  who: Diarist,
  entryId: number,
  viewing: Viewing,
  now: Date,
  rules: BallotRulesLike,
): Promise<void> {
  const entry = await findEntry(uow.tx, who.memberId, entryId);
  if (!entry) throw entryNotFound();
  await updateEntry(uow.tx, who.memberId, entryId, viewing, now.toISOString());
  if (viewing.score !== null && viewing.score !== entry.score)
    await castViewingVote(uow, who, entry.filmId, viewing.score, now, rules);
  // An entry made public shows in the feed (once: an item already there stays where it was).
  const item = { id: entryId, memberId: who.memberId, filmId: entry.filmId, isPublic: viewing.isPublic };
  await recordDiaryActivity(uow, item, now);
  uow.touched(`profile:${who.memberId}`);
}

/** Delete one of the member's own entries. Their vote stays: it is their opinion of the film, not of the viewing. */
export async function deleteViewing(uow: UnitOfWork, memberId: number, entryId: number): Promise<void> {
  if (!(await deleteEntry(uow.tx, memberId, entryId))) throw entryNotFound();
  uow.touched(`profile:${memberId}`);
}

export const ownEntry = async (db: DbOrTx, memberId: number, entryId: number) => {
  const entry = await findEntry(db, memberId, entryId);
  if (!entry) throw entryNotFound();
  return entry;
};
