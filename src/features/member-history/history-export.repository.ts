import type { DbOrTx } from '../../db/database.js';

// Everything a member did here, with each film's title, year and ids, for the history export. Read straight from the
// owning features' tables in one place, so the export is one query per kind whatever the member's history.

const filmColumns = [
  'f.slug',
  'f.title',
  'f.original_title as originalTitle',
  'f.year',
  'f.imdb_id as imdbId',
  'f.tmdb_id as tmdbId',
] as const;

export async function exportRows(db: DbOrTx, member: { id: number; visitorId: string }) {
  const [diary, votes, reviews, likes, watchlist] = await Promise.all([
    db
      .selectFrom('diary_entries as d')
      .innerJoin('films as f', 'f.id', 'd.film_id')
      .select([...filmColumns, 'd.watched_on as date', 'd.score', 'd.rewatch', 'd.note', 'd.is_public as isPublic'])
      .where('d.member_id', '=', member.id)
      .orderBy('d.watched_on')
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('film_votes as v')
      .innerJoin('films as f', 'f.id', 'v.film_id')
      .select([...filmColumns, 'v.score', 'v.updated_at as at'])
      .where('v.visitor_id', '=', member.visitorId)
      .orderBy('v.updated_at')
      .execute(),
    db
      .selectFrom('reviews as r')
      .innerJoin('films as f', 'f.id', 'r.film_id')
      .select([...filmColumns, 'r.body', 'r.spoiler', 'r.updated_at as at'])
      .where('r.member_id', '=', member.id)
      .where('r.status', 'in', ['approved', 'pending'])
      .orderBy('r.updated_at')
      .execute(),
    db
      .selectFrom('film_likes as l')
      .innerJoin('films as f', 'f.id', 'l.film_id')
      .select([...filmColumns, 'l.created_at as at'])
      .where('l.visitor_id', '=', member.visitorId)
      .orderBy('l.created_at')
      .execute(),
    db
      .selectFrom('watchlist_items as w')
      .innerJoin('films as f', 'f.id', 'w.film_id')
      .select([...filmColumns, 'w.created_at as at'])
      .where('w.member_id', '=', member.id)
      .orderBy('w.created_at')
      .execute(),
  ]);
  return { diary, votes, reviews, likes, watchlist };
}

/** The directors of the given films, by film slug (Letterboxd's import reads a Directors column). */
export async function directorsOf(db: DbOrTx, slugs: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < slugs.length; i += 300) {
    const rows = await db
      .selectFrom('film_people as fp')
      .innerJoin('films as f', 'f.id', 'fp.film_id')
      .innerJoin('people as p', 'p.id', 'fp.person_id')
      .select(['f.slug', 'p.name'])
      .where('fp.role', '=', 'director')
      .where('f.slug', 'in', slugs.slice(i, i + 300))
      .execute();
    for (const r of rows) out.set(r.slug, [...(out.get(r.slug) ?? []), r.name]);
  }
  return out;
}
