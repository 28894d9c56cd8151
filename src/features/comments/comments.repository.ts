import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { serializeOn } from '../../db/dialect/index.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { recountCommentDays } from './comment-days.repository.js';
import type { CommentStatus, CommentTable } from './comments.table.js';

export type CommentRow = Omit<CommentTable, 'id' | 'author_hidden'> & { id: number; author_hidden: number };

export async function insertComment(db: DbOrTx, row: Omit<CommentTable, 'id' | 'author_hidden'>): Promise<number> {
  const inserted = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  if (row.status === 'approved') await recountCommentDays(db, [row]);
  return inserted.id;
}

export async function findComment(db: DbOrTx, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

const approvedCommentsOfFilm = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('comments')
    .selectAll()
    .where('film_id', '=', filmId)
    .where('author_hidden', '=', 0)
    .where('review_id', 'is', null)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .orderBy('id'),
);

/** Comments shown under a film: approved ones, plus this visitor's own pending ones. */
export async function listVisibleComments(db: DbOrTx, filmId: number, visitorId: string | null): Promise<CommentRow[]> {
  // Every film page reads the approved ones (the page is shared; a visitor's own pending ones are read apart).
  if (visitorId === null) return approvedCommentsOfFilm(db, filmId);
  return db
    .selectFrom('comments')
    .selectAll()
    .where('film_id', '=', filmId)
    .where('author_hidden', '=', 0)
    .where('review_id', 'is', null)
    .where((eb) =>
      visitorId
        ? eb.or([
            eb('status', '=', 'approved'),
            eb.and([eb('status', '=', 'pending'), eb('visitor_id', '=', visitorId)]),
          ])
        : eb('status', '=', 'approved'),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** What a new comment's checks need to know about its sender, from one statement (see senderHistory). */
export interface SenderHistory {
  /** Comments since `floodSince` from this visitor and from this network (IP hash), each counted up to `cap`. */
  visitor: number;
  network: number;
  /** A comment with the same words on the same film from the same person (email or visitor) since `duplicateSince`. */
  duplicateId: number | null;
  /** Whether this email already has an approved comment (the "known author" moderation rule). */
  hasApprovedBefore: boolean;
}

/**
 * Everything the comment POST asks of earlier comments, in one parameterised statement: this runs on every comment,
 * and four round trips through the query builder cost more than the lookups themselves. Counts are capped because the
 * caller only needs to know whether a limit is reached. A null visitor matches no row (= NULL is never true).
 */
export async function senderHistory(
  db: DbOrTx,
  q: {
    visitorId: string | null;
    ipHash: string;
    email: string;
    /** The thread: a film's, or (film null) a list's. */
    filmId: number | null;
    listId: number | null;
    bodyHash: string;
    floodSince: string;
    duplicateSince: string;
    cap: number;
  },
): Promise<SenderHistory> {
  const result = await sql<{
    visitor: number | string;
    network: number | string;
    duplicate_id: number | string | null;
    approved: number | string | null;
  }>`
    select
      (select count(*) from (select id from comments where visitor_id = ${q.visitorId} and created_at >= ${q.floodSince} limit ${q.cap}) as v) as visitor,
      (select count(*) from (select id from comments where ip_hash = ${q.ipHash} and created_at >= ${q.floodSince} limit ${q.cap}) as n) as network,
      (select min(id) from comments where (film_id = ${q.filmId} or list_id = ${q.listId}) and body_hash = ${q.bodyHash} and created_at >= ${q.duplicateSince}
        and (author_email = ${q.email} or visitor_id = ${q.visitorId})) as duplicate_id,
      (select 1 from comments where author_email = ${q.email} and status = 'approved' limit 1) as approved
  `.execute(db);
  const row = result.rows[0]!;
  return {
    visitor: Number(row.visitor),
    network: Number(row.network),
    duplicateId: row.duplicate_id === null ? null : Number(row.duplicate_id),
    hasApprovedBefore: row.approved !== null,
  };
}

/**
 * The flood counts again, inside the comment's own write and after taking turns with every other new comment from
 * this network and this visitor (on any instance): the check before the spam filter cannot see comments that were
 * being written meanwhile, this one sees every comment committed or written earlier in the same batch.
 */
export async function floodCountsInTurn(
  tx: Tx,
  q: { visitorId: string | null; ipHash: string; floodSince: string; cap: number },
): Promise<{ visitor: number; network: number }> {
  await serializeOn(tx, `comment-flood:ip:${q.ipHash}`);
  if (q.visitorId !== null) await serializeOn(tx, `comment-flood:visitor:${q.visitorId}`);
  const result = await sql<{ visitor: number | string; network: number | string }>`
    select
      (select count(*) from (select id from comments where visitor_id = ${q.visitorId} and created_at >= ${q.floodSince} limit ${q.cap}) as v) as visitor,
      (select count(*) from (select id from comments where ip_hash = ${q.ipHash} and created_at >= ${q.floodSince} limit ${q.cap}) as n) as network
  `.execute(tx);
  const row = result.rows[0]!;
  return { visitor: Number(row.visitor), network: Number(row.network) };
}

export async function setStatus(db: DbOrTx, ids: number[], status: CommentStatus, now: string) {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('comments')
    .set({ status, status_changed_at: now, updated_at: now })
    .where('id', 'in', ids)
    .returning(['id', 'film_id', 'list_id', 'status', 'created_at'])
    .execute();
  await recountCommentDays(db, rows);
  return rows.map(({ created_at: _created, ...row }) => row);
}

export async function deleteComments(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return 0;
  const rows = await db.deleteFrom('comments').where('id', 'in', ids).returning(['film_id', 'created_at']).execute();
  await recountCommentDays(db, rows);
  return rows.length;
}

export async function updateBody(db: DbOrTx, id: number, body: string, hash: string, now: string) {
  await db.updateTable('comments').set({ body, body_hash: hash, updated_at: now }).where('id', '=', id).execute();
}

export async function countByStatus(db: DbOrTx): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * Comments with what they are on: a film, or a list (comments on lists have no film). `film_title` is the list's
 * title for those, `film_slug` null; `threadPath` (comment.ts) builds the address either way.
 */
const withSubject = (db: DbOrTx) =>
  db
    .selectFrom('comments')
    .leftJoin('films', 'films.id', 'comments.film_id')
    .leftJoin('lists', 'lists.id', 'comments.list_id')
    .select((eb) => [
      'films.slug as film_slug',
      eb.fn.coalesce('films.title', 'lists.title', eb.val('')).as('film_title'),
    ]);

export async function listForModeration(
  db: DbOrTx,
  options: { status: CommentStatus; search?: string; limit: number; offset: number },
) {
  let query = withSubject(db).selectAll('comments').where('comments.status', '=', options.status);
  if (options.search) {
    const like = `%${options.search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['comments.body']), 'like', like),
        eb(eb.fn('lower', ['comments.author_name']), 'like', like),
        eb('comments.author_email', 'like', like),
      ]),
    );
  }
  return query
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function listByEmail(db: DbOrTx, email: string) {
  return withSubject(db)
    .selectAll('comments')
    .where('comments.author_email', '=', email)
    .orderBy('comments.created_at')
    .execute();
}

export async function anonymiseByEmail(db: DbOrTx, email: string, now: string) {
  const rows = await db
    .updateTable('comments')
    .set({
      author_name: 'Anonymous',
      author_email: '',
      author_url: null,
      ip_hash: null,
      user_agent: null,
      visitor_id: null,
      updated_at: now,
    })
    .where('author_email', '=', email)
    .returning('id')
    .execute();
  return rows.length;
}

export async function deleteByEmail(db: DbOrTx, email: string) {
  const rows = await db
    .deleteFrom('comments')
    .where('author_email', '=', email)
    .returning(['film_id', 'created_at'])
    .execute();
  await recountCommentDays(db, rows);
  return rows.length;
}

/**
 * Scheduled clean-up: trash and spam past retention are deleted; old IP hashes are dropped. Neither changes what a
 * visitor reads, so no day of film_comment_days is recounted.
 */
export async function purgeOld(db: DbOrTx, options: { statusBefore: string; spamBefore: string; ipBefore: string }) {
  const deleted = await db
    .deleteFrom('comments')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'trash'), eb('status_changed_at', '<', options.statusBefore)]),
        eb.and([eb('status', '=', 'spam'), eb('status_changed_at', '<', options.spamBefore)]),
      ]),
    )
    .returning('id')
    .execute();
  const scrubbed = await db
    .updateTable('comments')
    .set({ ip_hash: null })
    .where('ip_hash', 'is not', null)
    .where('created_at', '<', options.ipBefore)
    .returning('id')
    .execute();
  return { deleted: deleted.length, ipHashesDropped: scrubbed.length };
}

/** Recent approved comments site-wide (or of one film) for feeds. */
export async function listRecentApproved(db: DbOrTx, limit: number, filmId?: number) {
  let query = db
    .selectFrom('comments')
    .innerJoin('films', 'films.id', 'comments.film_id')
    .select([
      'comments.id',
      'comments.author_name',
      'comments.body',
      'comments.created_at',
      'films.slug as film_slug',
      'films.title as film_title',
    ])
    .where('comments.status', '=', 'approved')
    .where('comments.author_hidden', '=', 0)
    .where('comments.review_id', 'is', null)
    .where('comments.list_id', 'is', null)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit);
  if (filmId !== undefined) query = query.where('comments.film_id', '=', filmId);
  return query.execute();
}

/** A site reply approves the comment it answers (moderation.service.ts). */
export async function approveComment(db: DbOrTx, id: number, now: string) {
  const rows = await db
    .updateTable('comments')
    .set({ status: 'approved', status_changed_at: now })
    .where('id', '=', id)
    .returning(['film_id', 'created_at'])
    .execute();
  await recountCommentDays(db, rows);
}

/** A comment with the title of its film, for the moderator's edit page. */
export async function findCommentWithFilm(db: DbOrTx, id: number) {
  return withSubject(db).selectAll('comments').where('comments.id', '=', id).executeTakeFirst();
}

/** Comments held (still pending) that arrived after `since` up to `until`: a moderator's digest. */
export async function listHeldBetween(db: DbOrTx, since: string, until: string) {
  const rows = await withSubject(db)
    .select(['comments.id', 'comments.author_name as authorName', 'comments.body'])
    .where('comments.status', '=', 'pending')
    .where('comments.created_at', '>', since)
    .where('comments.created_at', '<=', until)
    .orderBy('comments.id')
    .execute();
  return rows.map(({ film_title, film_slug: _slug, ...c }) => ({ ...c, filmTitle: film_title }));
}

/** A comment with what a notification mail about it shows (its film's title and address). */
export function findCommentForMail(db: DbOrTx, id: number) {
  return withSubject(db)
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.status',
      'comments.author_name',
      'comments.author_email',
      'comments.body',
      'comments.list_id',
    ])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

/** The films on which one visitor has a comment awaiting moderation (their page shows it only to them). */
export async function filmsWithPendingCommentsOf(db: DbOrTx, visitorId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('comments')
    .select('film_id')
    .distinct()
    .where('visitor_id', '=', visitorId)
    .where('status', '=', 'pending')
    .where('film_id', 'is not', null)
    .execute();
  return new Set(rows.flatMap((r) => (r.film_id === null ? [] : [r.film_id])));
}
