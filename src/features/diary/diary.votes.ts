import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type ActivityOptions, recordRatingActivity } from '../activity/index.js';
import { rateFilm } from '../ratings/index.js';

export type BallotRulesLike = Parameters<typeof rateFilm>[5];

/** The member's vote, through the ratings service; a vote that changed something retires what a vote retires. */
export async function castViewingVote(
  uow: UnitOfWork,
  who: { visitorId: string; ipHash: string },
  filmId: number,
  score: number,
  now: Date,
  rules: BallotRulesLike,
  options: ActivityOptions = {},
): Promise<void> {
  const outcome = await rateFilm(
    uow.tx,
    filmId,
    { visitorId: who.visitorId, ipHash: who.ipHash, member: true },
    score,
    now,
    rules,
  );
  if (outcome.changed) {
    await recordRatingActivity(uow, { visitorId: who.visitorId, filmId, score }, now, options);
    uow.touched(`film:${filmId}`);
    uow.touched('ratings');
  }
}
