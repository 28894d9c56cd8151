import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { FilmRef, ProfileMemberRow, TermCount } from './diary.types.js';

/**
 * The member behind `/u/:handle`. Read from the members feature's table (the handle key is the handle lower-cased,
 * as members/member.ts `handleKeyOf` makes it); who may see the profile is decided by the caller.
 */
export async function findProfileMember(db: DbOrTx, handle: string): Promise<ProfileMemberRow | undefined> {
  return db
    .selectFrom('members')
    .select([
      'id',
      'handle',
      'display_name as displayName',
      'bio',
      'visitor_id as visitorId',
      'profile_public as profilePublic',
      'watchlist_public as watchlistPublic',
      'created_at as createdAt',
      'suspended_at as suspendedAt',
    ])
    .where('handle_key', '=', handle.trim().toLowerCase())
    .executeTakeFirst();
}

const count = (value: number | string | bigint | null | undefined) => Number(value ?? 0);

/** The distinct films of a member's diary (over the entries this viewer may see), with the last day each was seen. */
function watchedFilms(db: DbOrTx, memberId: number, publicOnly: boolean) {
  let query = db
    .selectFrom('diary_entries')
    .select(['film_id', (eb) => eb.fn.max('watched_on').as('last_on')])
    .where('member_id', '=', memberId);
  if (publicOnly) query = query.where('is_public', '=', 1);
  // Grouped in the covering index's order (diary_entries_stats_idx): no sort, no row reads.
  return query.groupBy('film_id');
}

/** Films watched (distinct) in all and since `yearStart`, and the number of entries: one query over the index. */
export async function countWatched(db: DbOrTx, memberId: number, publicOnly: boolean, yearStart: string) {
  let entries = db
    .selectFrom('diary_entries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('member_id', '=', memberId);
  if (publicOnly) entries = entries.where('is_public', '=', 1);
  const row = await db
    .selectFrom(watchedFilms(db, memberId, publicOnly).as('w'))
    .select([
      sql<number | string>`count(*)`.as('films'),
      sql<number | string>`count(case when w.last_on >= ${yearStart} then 1 end)`.as('thisYear'),
      entries.as('entries'),
    ])
    .executeTakeFirst();
  return { films: count(row?.films), thisYear: count(row?.thisYear), entries: count(row?.entries) };
}

/** The member's votes by score (half-stars 1..10): their ratings, whether cast on a film page or with a viewing. */
export async function votesByScore(db: DbOrTx, visitorId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('film_votes')
    .select(['score', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('visitor_id', '=', visitorId)
    .groupBy('score')
    .execute();
  return new Map(rows.map((r) => [r.score, count(r.n)]));
}

/** The genres of the films this member logged, by how many distinct films: one grouped query over those films. */
export async function topGenres(db: DbOrTx, memberId: number, publicOnly: boolean, limit: number) {
  const rows = await db
    .selectFrom(watchedFilms(db, memberId, publicOnly).as('w'))
    .innerJoin('film_genres as fg', 'fg.film_id', 'w.film_id')
    .innerJoin('genres as g', 'g.id', 'fg.genre_id')
    .select(['g.slug', 'g.name', sql<number | string>`count(*)`.as('films')])
    .groupBy(['g.id', 'g.slug', 'g.name'])
    .orderBy('films', 'desc')
    .orderBy('g.name')
    .limit(limit)
    .execute();
  return rows.map((r): TermCount => ({ slug: r.slug, name: r.name, films: count(r.films) }));
}

/** The directors of the films this member logged, by how many distinct films. */
export async function topDirectors(db: DbOrTx, memberId: number, publicOnly: boolean, limit: number) {
  const rows = await db
    .selectFrom(watchedFilms(db, memberId, publicOnly).as('w'))
    .innerJoin('film_people as fp', (join) => join.onRef('fp.film_id', '=', 'w.film_id').on('fp.role', '=', 'director'))
    .innerJoin('people as p', 'p.id', 'fp.person_id')
    .select(['p.slug', 'p.name', sql<number | string>`count(*)`.as('films')])
    .groupBy(['p.id', 'p.slug', 'p.name'])
    .orderBy('films', 'desc')
    .orderBy('p.name')
    .limit(limit)
    .execute();
  return rows.map((r): TermCount => ({ slug: r.slug, name: r.name, films: count(r.films) }));
}

/** The films this member likes, newest like first. */
export async function recentLikes(db: DbOrTx, visitorId: string, limit: number): Promise<FilmRef[]> {
  return db
    .selectFrom('film_likes as l')
    .innerJoin('films as f', 'f.id', 'l.film_id')
    .select(['f.slug', 'f.title', 'f.year'])
    .where('l.visitor_id', '=', visitorId)
    .orderBy('l.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countLikes(db: DbOrTx, visitorId: string): Promise<number> {
  const row = await db
    .selectFrom('film_likes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return count(row?.n);
}
