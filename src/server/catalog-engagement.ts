import type { FilmEngagement } from '../features/catalog/index.js';
import { countApprovedComments, countFilmComments, mostDiscussedSince } from '../features/comments/index.js';
import { countFilmLikes, likeCountsOf } from '../features/likes/index.js';
import { bestRatedSince, countFilmVotes, ratingSummariesOf } from '../features/ratings/index.js';

/** What ratings, likes and comments give the catalog (counts, recent activity), each through its own index.ts. */
export function catalogEngagement(): FilmEngagement {
  return {
    ratingsOf: ratingSummariesOf,
    likesOf: likeCountsOf,
    approvedComments: countApprovedComments,
    mostDiscussedSince,
    bestRatedSince,
    async dependents(db, filmId) {
      const [ratings, likes, comments] = await Promise.all([
        countFilmVotes(db, filmId),
        countFilmLikes(db, filmId),
        countFilmComments(db, filmId),
      ]);
      return { ratings, likes, comments };
    },
  };
}
