import type { Expression } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { FilmSort } from './film.js';

/** One ORDER BY term over a query of `films`. */
export interface OrderTerm {
  expression: Expression<unknown>;
  direction: 'asc' | 'desc';
  nullsLast?: boolean;
}

/**
 * What the catalog shows and sorts by that other features own: votes (ratings), likes, comments. The composition root
 * builds it from those features' index.ts, so the catalog never reads their tables and does not depend on them.
 */
export interface FilmEngagement {
  /** "Top rated": the weighted rating's order terms, strongest first. */
  topRatedOrder(priorVotes: number): readonly OrderTerm[];
  /** "Most liked": order terms, most first. */
  mostLikedOrder(): readonly OrderTerm[];
  /** Mean in stars and vote count per film; films without votes may be absent. */
  ratingsOf(db: DbOrTx, filmIds: number[]): Promise<Map<number, FilmRatingFacet>>;
  /** Like count per film; films without likes may be absent. */
  likesOf(db: DbOrTx, filmIds: number[]): Promise<Map<number, number>>;
  /** Comments shown on the film page (approved ones). */
  approvedComments(db: DbOrTx, filmId: number): Promise<number>;
  /** Films with the most approved comments written since `since` (ISO time), most first (home page). */
  mostDiscussedSince(db: DbOrTx, since: string, limit: number): Promise<Array<{ filmId: number }>>;
  /** Films best rated by the votes cast since `since`, best first (home page). */
  bestRatedSince(db: DbOrTx, since: string, limit: number): Promise<Array<{ filmId: number }>>;
  /** What deleting a film takes with it (the schema cascades; the confirmation page states it). */
  dependents(db: DbOrTx, filmId: number): Promise<{ ratings: number; likes: number; comments: number }>;
}

/** The order terms other features give for `sort`, before the catalog's own tie-breakers; none for the catalog's sorts. */
export function engagementOrder(
  engagement: Pick<FilmEngagement, 'topRatedOrder' | 'mostLikedOrder'>,
  sort: FilmSort,
  priorVotes: number,
): readonly OrderTerm[] {
  if (sort === 'top-rated') return engagement.topRatedOrder(priorVotes);
  if (sort === 'most-liked') return engagement.mostLikedOrder();
  return [];
}

/** A film's rating as API listings show it: combined, and members' and guests' apart (ratings feature, decision 034). */
export interface FilmRatingFacet {
  average: number | null;
  count: number;
  members: { average: number | null; count: number };
  guests: { average: number | null; count: number };
}
