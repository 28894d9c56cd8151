import type { Db } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { ContentKey, UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { type Diarist, logViewing, MAX_NOTE, setWatchlisted } from '../diary/index.js';
import type { HistoryEvent, HistoryReading } from '../history/index.js';
import { setLike } from '../likes/index.js';
import { type DEFAULT_BALLOT_RULES, rateFilm } from '../ratings/index.js';
import { importReview, type ReviewDeps } from '../reviews/index.js';
import { itemKey, OccurrenceCounter } from './history-keys.js';
import { applyLists, ListsInFile } from './history-lists.js';
import { filmsInDiary, importedKeys, recordImported, viewingsOn } from './member-history.repository.js';
import { type MemberImportReport, newReport, setAside } from './member-import-report.js';

/** Who the history is applied to: the member, and the network their votes are counted from (ballot rules). */
export interface HistoryOwner extends SignedInMember {
  ipHash: string;
  userAgent: string;
}

export interface ApplyDeps {
  db: Db;
  writer: Writer;
  now: () => Date;
  ballotRules: typeof DEFAULT_BALLOT_RULES;
  /** How reviews are judged (spam checks, moderation settings), as the review form is. */
  reviews: Omit<ReviewDeps, 'writer' | 'now'>;
}

export interface ApplyOptions {
  /** Imported viewings are public or private; our own export's private entries stay private whatever this says. */
  visibility: 'public' | 'private';
  /** Events per transaction. */
  batchSize?: number;
  onProgress?: (processed: number) => void;
}

/** Past this many films in one batch, the batch retires film pages as a bulk change does, not one key per film. */
const FILM_KEYS_PER_BATCH = 25;
const DEFAULT_BATCH = 500;

type Matched = HistoryEvent & { match: { status: 'matched'; filmId: number } };
const isMatched = (e: HistoryEvent): e is Matched => e.match.status === 'matched';

/**
 * Apply a validated history file to a member, idempotently (decision 036): each row's key (history-keys.ts) is looked
 * up in the member's ledger and recorded in the same transaction as its effect, so a second run changes nothing.
 * Watched films become diary entries after the diary is read (only for films the diary has no entry of), and reviews
 * are saved last, the newest per film, each judged by the moderation rules as the form would.
 */
export async function applyHistory(
  deps: ApplyDeps,
  owner: HistoryOwner,
  reading: HistoryReading,
  options: ApplyOptions,
): Promise<MemberImportReport> {
  const report = newReport(reading.report);
  const viewings = new OccurrenceCounter();
  const watched: Matched[] = [];
  const reviews = new Map<number, Matched>();
  const lists = new ListsInFile();
  let batch: BatchItem[] = [];
  let processed = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await applyBatch(deps, owner, batch, options, report);
    batch = [];
    options.onProgress?.(processed);
  };
  for await (const event of reading) {
    processed++;
    if (!isMatched(event)) continue;
    const filmId = event.match.filmId;
    if (event.kind === 'list-entry') lists.add(event);
    else if (event.kind === 'watched') watched.push(event);
    else if (event.kind === 'review') {
      const kept = reviews.get(filmId);
      if (!kept || (event.date ?? '') >= (kept.date ?? '')) reviews.set(filmId, event);
    } else {
      const item = itemOf(event, viewings);
      if (item === null) setAside(report, event, 'a diary entry with no date');
      else batch.push(item);
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH)) await flush();
    }
  }
  await flush();
  // Letterboxd's watched.csv lists every film watched, diary or not: only films the diary has no entry of need one.
  const inDiary = await filmsInDiary(deps.db, owner.id);
  for (const event of watched) {
    if (inDiary.has(event.match.filmId)) report.unchanged++;
    else if (!event.date) setAside(report, event, 'watched, with no date: the diary records viewings by day');
    else {
      inDiary.add(event.match.filmId);
      batch.push({ event, key: itemKey.viewing(event.match.filmId, event.date, 1), occurrence: 1 });
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH)) await flush();
    }
  }
  await flush();
  for (const event of reviews.values()) await applyReview(deps, owner, event, report);
  await applyLists(deps, owner, lists, options, report);
  options.onProgress?.(processed);
  return report;
}

/** An event to apply, its ledger key, and for a viewing which of that film's viewings that day it is. */
interface BatchItem {
  event: Matched;
  key: string;
  occurrence: number;
}

function itemOf(event: Matched, viewings: OccurrenceCounter): BatchItem | null {
  const filmId = event.match.filmId;
  const item = (key: string, occurrence = 0) => ({ event, key, occurrence });
  switch (event.kind) {
    case 'diary': {
      if (!event.date) return null;
      const n = viewings.next(filmId, event.date);
      return item(itemKey.viewing(filmId, event.date, n), n);
    }
    case 'rating':
      return item(itemKey.rating(filmId, event.date, event.rating ?? 0));
    case 'like':
      return item(itemKey.like(filmId));
    default:
      return item(itemKey.watchlist(filmId));
  }
}

/** The note a diary entry keeps: our own export's note (in `review`), and the tags, which the diary has no field for. */
function noteOf(event: HistoryEvent, report: MemberImportReport): string {
  const parts = [event.review?.trim() ?? '', event.tags.length ? `Tags: ${event.tags.join(', ')}` : ''];
  const note = parts.filter(Boolean).join('\n');
  if ([...note].length <= MAX_NOTE) return note;
  setAside(report, event, `the note was cut to ${MAX_NOTE} characters`, { counted: false });
  return `${[...note].slice(0, MAX_NOTE - 1).join('')}…`;
}

/** One transaction: the ledger read, each new row's effect, the ledger written. */
async function applyBatch(
  deps: ApplyDeps,
  owner: HistoryOwner,
  batch: BatchItem[],
  options: ApplyOptions,
  report: MemberImportReport,
): Promise<void> {
  const now = deps.now();
  const voter = { visitorId: owner.visitorId, ipHash: owner.ipHash };
  const diarist: Diarist = { memberId: owner.id, ...voter };
  const added = { ...report.added };
  let unchanged = 0;
  await deps.writer.write(async (outer) => {
    Object.assign(added, report.added);
    unchanged = 0;
    const films = new Set<number>();
    // Film keys are gathered, then touched one by one or as one bulk change: a batch of 500 films is no 500 keys.
    const uow: UnitOfWork = {
      tx: outer.tx,
      afterCommit: outer.afterCommit,
      touched: (key: ContentKey) => (key.startsWith('film:') ? films.add(Number(key.slice(5))) : outer.touched(key)),
    };
    const done = await importedKeys(
      uow.tx,
      owner.id,
      batch.map((b) => b.key),
    );
    // Viewings logged here (not imported) count too: our own export imported back into its member adds nothing.
    const viewed = batch.filter((b) => b.occurrence > 0).map((b) => b.event.match.filmId);
    const logged = await viewingsOn(uow.tx, owner.id, viewed);
    const fresh = new Set<string>();
    for (const { event, key, occurrence } of batch) {
      if (done.has(key) || fresh.has(key)) {
        unchanged++;
        continue;
      }
      fresh.add(key);
      const filmId = event.match.filmId;
      if (event.kind === 'rating' && event.rating !== null) {
        const outcome = await rateFilm(uow.tx, filmId, { ...voter, member: true }, event.rating, now, deps.ballotRules);
        if (outcome.changed) {
          added.ratings++;
          uow.touched(`film:${filmId}`);
          uow.touched('ratings');
        } else unchanged++;
      } else if (event.kind === 'diary' || event.kind === 'watched') {
        if ((logged.get(`${filmId}:${event.date}`) ?? 0) >= occurrence) {
          unchanged++;
          continue;
        }
        const viewing = {
          watchedOn: event.date ?? '',
          score: event.kind === 'diary' ? event.rating : null,
          rewatch: event.rewatch,
          note: noteOf(event, report),
          isPublic: !event.isPrivate && options.visibility === 'public',
        };
        await logViewing(uow, diarist, filmId, viewing, now, deps.ballotRules, { imported: true });
        added.diary++;
      } else if (event.kind === 'like') {
        const { changed } = await setLike(uow.tx, filmId, voter, true, now);
        if (changed) {
          added.likes++;
          uow.touched(`film:${filmId}`);
          uow.touched('likes');
        } else unchanged++;
      } else if (event.kind === 'watchlist') {
        const { changed } = await setWatchlisted(uow, owner.id, filmId, true, now);
        if (changed) added.watchlist++;
        else unchanged++;
      }
    }
    await recordImported(uow.tx, owner.id, [...fresh], now.toISOString());
    if (films.size > FILM_KEYS_PER_BATCH) outer.touched('engagement');
    else for (const id of films) outer.touched(`film:${id}`);
  });
  report.added = added;
  report.unchanged += unchanged;
}

/** A review: saved through the reviews feature unless this exact text was imported before or a newer one is here. */
async function applyReview(deps: ApplyDeps, owner: HistoryOwner, event: Matched, report: MemberImportReport) {
  const filmId = event.match.filmId;
  const body = event.review ?? '';
  const key = itemKey.review(filmId, body);
  if ((await importedKeys(deps.db, owner.id, [key])).has(key)) {
    report.unchanged++;
    return;
  }
  if (!owner.confirmed) {
    setAside(report, event, 'reviews need a confirmed address: confirm it, then import again');
    return;
  }
  const now = deps.now();
  const result = await importReview(
    deps.db,
    { ...deps.reviews, writer: deps.writer, now },
    filmId,
    owner,
    { body, spoiler: event.spoiler, writtenOn: event.date },
    { ipHash: owner.ipHash, userAgent: owner.userAgent },
  );
  if (result.ok === 'kept') {
    setAside(report, event, result.reason);
  } else if (result.ok === false) {
    setAside(report, event, result.problem.message);
    return;
  } else {
    report.added.reviews++;
    if (result.status !== 'approved') report.heldReviews++;
  }
  await deps.writer.write((uow) => recordImported(uow.tx, owner.id, [key], now.toISOString()));
}
