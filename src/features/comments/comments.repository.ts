import type { DbOrTx } from '../../db/database.js';
import type { CommentStatus, CommentTable } from './comments.table.js';

export type CommentRow = Omit<CommentTable, 'id'> & { id: number };

export async function insertComment(db: DbOrTx, row: Omit<CommentTable, 'id'>): Promise<number> {
  const inserted = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findComment(db: DbOrTx, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Comments shown under a film: approved ones, plus this visitor's own pending ones. */
export async function listVisibleComments(db: DbOrTx, filmId: number, visitorId: string | null): Promise<CommentRow[]> {
  return db
    .selectFrom('comments')
    .selectAll()
    .where('film_id', '=', filmId)
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

export async function countApproved(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasApprovedComment(db: DbOrTx, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('author_email', '=', email)
    .where('status', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A comment with the same words on the same film from the same person (email or visitor) since `since`. */
export async function findDuplicate(
  db: DbOrTx,
  filmId: number,
  hash: string,
  who: { email: string; visitorId: string | null },
  since: string,
) {
  return db
    .selectFrom('comments')
    .select(['id', 'status'])
    .where('film_id', '=', filmId)
    .where('body_hash', '=', hash)
    .where('created_at', '>=', since)
    .where((eb) =>
      who.visitorId
        ? eb.or([eb('author_email', '=', who.email), eb('visitor_id', '=', who.visitorId)])
        : eb('author_email', '=', who.email),
    )
    .executeTakeFirst();
}

/** Comments since `since` from one visitor and from one network (IP hash), counted separately. */
export async function countRecentFrom(db: DbOrTx, who: { visitorId: string | null; ipHash: string }, since: string) {
  const count = async (column: 'visitor_id' | 'ip_hash', value: string | null) => {
    if (value === null) return 0;
    const row = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [visitor, network] = await Promise.all([count('visitor_id', who.visitorId), count('ip_hash', who.ipHash)]);
  return { visitor, network };
}

export async function setStatus(db: DbOrTx, ids: number[], status: CommentStatus, now: string) {
  if (ids.length === 0) return [];
  return db
    .updateTable('comments')
    .set({ status, status_changed_at: now, updated_at: now })
    .where('id', 'in', ids)
    .returning(['id', 'film_id', 'status'])
    .execute();
}

export async function deleteComments(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return 0;
  const rows = await db.deleteFrom('comments').where('id', 'in', ids).returning('id').execute();
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

export async function listForModeration(
  db: DbOrTx,
  options: { status: CommentStatus; search?: string; limit: number; offset: number },
) {
  let query = db
    .selectFrom('comments')
    .innerJoin('films', 'films.id', 'comments.film_id')
    .selectAll('comments')
    .select(['films.slug as film_slug', 'films.title as film_title'])
    .where('comments.status', '=', options.status);
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
  return db
    .selectFrom('comments')
    .innerJoin('films', 'films.id', 'comments.film_id')
    .selectAll('comments')
    .select(['films.slug as film_slug', 'films.title as film_title'])
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
  const rows = await db.deleteFrom('comments').where('author_email', '=', email).returning('id').execute();
  return rows.length;
}

/** Scheduled clean-up: trash and spam past retention are deleted; old IP hashes are dropped. */
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
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit);
  if (filmId !== undefined) query = query.where('comments.film_id', '=', filmId);
  return query.execute();
}
