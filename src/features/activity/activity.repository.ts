import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { type ActivityItem, type ActivityPage, FEED_MIN_SCORE } from './activity.js';
import type { ActivityItemTable } from './activity.table.js';

type NewItem = Insertable<ActivityItemTable>;

export async function insertItem(tx: Tx, item: NewItem): Promise<void> {
  await tx
    .insertInto('activity_items')
    .values(item)
    .onConflict((oc) => oc.columns(['kind', 'subject_id', 'member_id']).doNothing())
    .execute();
}

export async function upsertListItem(tx: Tx, item: NewItem): Promise<void> {
  await tx
    .insertInto('activity_items')
    .values(item)
    .onConflict((oc) =>
      oc
        .columns(['kind', 'subject_id', 'member_id'])
        .doUpdateSet({ list_slug: item.list_slug ?? null, list_title: item.list_title ?? null }),
    )
    .execute();
}

export async function deleteListItem(tx: Tx, listId: number): Promise<boolean> {
  const rows = await tx
    .deleteFrom('activity_items')
    .where('kind', '=', 'list')
    .where('subject_id', '=', listId)
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function findMemberIdByVisitor(db: DbOrTx, visitorId: string): Promise<number | undefined> {
  const row = await db.selectFrom('members').select('id').where('visitor_id', '=', visitorId).executeTakeFirst();
  return row?.id;
}

/** A deleted member's items and follows; returns the members whose follower/following counts moved. */
export async function deleteActivityOf(tx: Tx, memberId: number): Promise<number[]> {
  await tx.deleteFrom('activity_items').where('member_id', '=', memberId).execute();
  const follows = await tx
    .deleteFrom('member_follows')
    .where((eb) => eb.or([eb('follower_id', '=', memberId), eb('followed_id', '=', memberId)]))
    .returning(['follower_id', 'followed_id'])
    .execute();
  return [...new Set(follows.flatMap((f) => [f.follower_id, f.followed_id]))].filter((id) => id !== memberId);
}

/**
 * One page of the feed, newest first, keyset-paged by id (`before`: the last id of the previous page). Each item is
 * checked against its source row and its member as it is read (decision 037): an approved review still by this
 * member, a vote still at 4 stars or more, a public entry; a member confirmed, not suspended, with a public profile.
 * `followedBy`: only members that member follows.
 */
export async function listActivity(
  db: DbOrTx,
  options: { before?: number; limit: number; followedBy?: number },
): Promise<ActivityPage> {
  let query = db
    .selectFrom('activity_items as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .leftJoin('films as f', 'f.id', 'a.film_id')
    .leftJoin('reviews as r', (j) => j.onRef('r.id', '=', 'a.subject_id').on('a.kind', '=', 'review'))
    .leftJoin('film_votes as v', (j) =>
      j.onRef('v.film_id', '=', 'a.film_id').onRef('v.visitor_id', '=', 'm.visitor_id').on('a.kind', '=', 'rating'),
    )
    .leftJoin('diary_entries as d', (j) => j.onRef('d.id', '=', 'a.subject_id').on('a.kind', '=', 'diary'))
    .select([
      'a.id',
      'a.kind',
      'a.created_at',
      'a.list_slug',
      'a.list_title',
      'm.handle',
      'a.member_id',
      'a.film_id',
      'm.display_name',
      'f.slug as film_slug',
      'f.title as film_title',
      'f.year as film_year',
      'r.body as review_body',
      'r.spoiler as review_spoiler',
      'v.score as vote_score',
      'd.score as diary_score',
      'd.watched_on',
      'd.rewatch',
      'd.note',
    ])
    .where('m.suspended_at', 'is', null)
    .where('m.profile_public', '=', 1)
    .where('m.confirmed_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('a.kind', '=', 'review'),
          eb('r.status', '=', 'approved'),
          eb('r.member_id', '=', eb.ref('a.member_id')),
        ]),
        eb.and([eb('a.kind', '=', 'rating'), eb('v.score', '>=', FEED_MIN_SCORE)]),
        eb.and([eb('a.kind', '=', 'diary'), eb('d.is_public', '=', 1)]),
        eb('a.kind', '=', 'list'),
      ]),
    );
  if (options.before !== undefined) query = query.where('a.id', '<', options.before);
  if (options.followedBy !== undefined) {
    const follower = options.followedBy;
    query = query.where('a.member_id', 'in', (eb) =>
      eb.selectFrom('member_follows').select('followed_id').where('follower_id', '=', follower),
    );
  }
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const shown = rows.slice(0, options.limit);
  const items = shown.map(
    (row): ActivityItem => ({
      id: row.id,
      kind: row.kind,
      memberId: row.member_id,
      filmId: row.film_id,
      at: row.created_at,
      member: { handle: row.handle, displayName: row.display_name },
      film:
        row.film_slug !== null && row.film_title !== null
          ? { slug: row.film_slug, title: row.film_title, year: row.film_year ?? null }
          : null,
      text: row.kind === 'review' ? (row.review_body ?? '') : row.kind === 'diary' ? (row.note ?? '') : '',
      spoiler: row.kind === 'review' && row.review_spoiler === 1,
      stars: starsOf(row.kind === 'rating' ? row.vote_score : row.kind === 'diary' ? row.diary_score : null),
      watchedOn: row.kind === 'diary' ? (row.watched_on ?? null) : null,
      rewatch: row.kind === 'diary' && row.rewatch === 1,
      list:
        row.kind === 'list' && row.list_slug && row.list_title ? { slug: row.list_slug, title: row.list_title } : null,
    }),
  );
  return { items, next: rows.length > options.limit ? (shown[shown.length - 1]?.id ?? null) : null };
}

const starsOf = (score: number | null | undefined) => (score === null || score === undefined ? null : score / 2);
