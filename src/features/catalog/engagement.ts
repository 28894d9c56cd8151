import type { Expression } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

/** One ORDER BY term over a query of `films`. */
export interface OrderTerm {
  expression: Expression<unknown>;
  direction: 'asc' | 'desc';
  nullsLast?: boolean;
  /** Only in a reversed order (reading backwards from a position): nulls that sort last come first. */
  nullsFirst?: boolean;
}

/**
 * What the catalog shows that other features own: votes (ratings), likes, comments (the sorts by rating and
 * likes read ranks those features keep on the film's row: decision 041). The composition root
 * builds it from those features' index.ts, so the catalog never reads their tables and does not depend on them.
 */
export interface FilmEngagement {
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

/** A film's rating as API listings show it: combined, and members' and guests' apart (ratings feature, decision 034). */
export interface FilmRatingFacet {
  average: number | null;
  count: number;
  members: { average: number | null; count: number };
  guests: { average: number | null; count: number };
}
