import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { recordRatingActivity } from '../activity/index.js';
import { DEFAULT_BALLOT_RULES, starsToScore } from './rating.js';
import { rateFilm, removeRating, type VoteOutcome, type Voter } from './ratings.service.js';

// Casting and removing a vote as every route does it (the film page's form, the film's rating API, the member's own
// ratings API): one unit of work, grouped with votes arriving at the same moment (decision 014).

export function parseStars(raw: number | string | undefined): number {
  const stars = typeof raw === 'string' ? Number(raw) : raw;
  const score = stars === undefined || Number.isNaN(stars) ? null : starsToScore(stars);
  if (score === null) throw new AppError('invalid_field', 'stars: must be 0.5 to 5 in steps of 0.5', 'stars');
  return score;
}

/** A vote that changed something retires, once it commits, the film's page and the pages ranked by rating. */
function settle(uow: UnitOfWork, filmId: number, outcome: VoteOutcome) {
  if (outcome.changed) {
    uow.touched(`film:${filmId}`);
    uow.touched('ratings');
  }
  return outcome.view;
}

export function voteWriter(ctx: AppContext) {
  const rules = { ...DEFAULT_BALLOT_RULES, votesPerIpPerFilm: ctx.config.engagement.votesPerIpPerFilm };
  return {
    vote(filmId: number, voter: Voter, score: number) {
      const now = ctx.clock.now();
      return ctx.writer.writeGrouped(async (uow) => {
        const outcome = await rateFilm(uow.tx, filmId, voter, score, now, rules);
        // A member's vote of 4 stars or more joins the activity feed (guests' votes are skipped there).
        if (outcome.changed) await recordRatingActivity(uow, { visitorId: voter.visitorId, filmId, score }, now);
        return settle(uow, filmId, outcome);
      });
    },
    unvote: (filmId: number, voter: Voter) =>
      ctx.writer.writeGrouped(async (uow) => settle(uow, filmId, await removeRating(uow.tx, filmId, voter))),
  };
}
