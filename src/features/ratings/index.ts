export { importedVoteCount, setImportedRating } from './imported-rating.js';
export { MEMBER_SECURITY } from './me-ratings.api.js';
export { averageStars, DEFAULT_BALLOT_RULES } from './rating.js';
export { bestRatedSince, countFilmVotes, ratingSummariesOf } from './rating-facets.repository.js';
export type { RatingsDeps } from './ratings.deps.js';
export { votesOfVisitor, weightedScoreSql } from './ratings.repository.js';
export { ratingsRoutes } from './ratings.routes.js';
export { RatingsPage, RatingsPageQuery } from './ratings.schemas.js';
export { ratingsFilmSection } from './ratings.section.js';
export { rateFilm, ratingsPageOf, type Voter } from './ratings.service.js';
export {
  eraseVotesOf,
  releaseMemberVotes,
  setMemberVotesCounted,
  transferVotes,
  type VoteTransfer,
  votesForExport,
} from './vote-transfer.js';
