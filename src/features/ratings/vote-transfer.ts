import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { scoreToStars } from './rating.js';
import { adjustStats } from './ratings.repository.js';

/** What moving one visitor's votes to another did. */
export interface VoteTransfer {
  /** Votes that now belong to the receiving visitor. */
  moved: number;
  /** Votes dropped because the receiver had voted on the same film (the older of the two goes). */
  dropped: number;
}

/**
 * Moves every vote of `from` to `to` (a guest's history claimed by a member: decision 026), by UPDATE, never by copy.
 * Where both voted on a film, the newer vote stays (as `to`'s) and the other is deleted, and the film's aggregates
 * lose the deleted vote if it was counted: nobody is counted twice.
 */
export async function transferVotes(uow: UnitOfWork, from: string, to: string): Promise<VoteTransfer> {
  const { tx } = uow;
  const columns = ['film_id', 'score', 'counted', 'updated_at'] as const;
  const theirs = await tx.selectFrom('film_votes').select(columns).where('visitor_id', '=', from).execute();
  if (theirs.length === 0) return { moved: 0, dropped: 0 };
  const films = theirs.map((v) => v.film_id);
  const ours = await tx
    .selectFrom('film_votes')
    .select(columns)
    .where('visitor_id', '=', to)
    .where('film_id', 'in', films)
    .execute();
  const oursByFilm = new Map(ours.map((v) => [v.film_id, v]));
  let dropped = 0;
  for (const guest of theirs) {
    const member = oursByFilm.get(guest.film_id);
    if (!member) continue;
    // ISO timestamps compare as text; on a tie the member's vote stays.
    const loser = guest.updated_at > member.updated_at ? member : guest;
    const loserVisitor = loser === member ? to : from;
    await tx
      .deleteFrom('film_votes')
      .where('film_id', '=', guest.film_id)
      .where('visitor_id', '=', loserVisitor)
      .execute();
    if (loser.counted === 1) {
      await adjustStats(tx, guest.film_id, { count: -1, sum: -loser.score, scores: [[loser.score, -1]] });
      uow.touched('ratings');
    }
    uow.touched(`film:${guest.film_id}`);
    dropped += 1;
  }
  const moved = await tx
    .updateTable('film_votes')
    .set({ visitor_id: to })
    .where('visitor_id', '=', from)
    .executeTakeFirst();
  return { moved: Number(moved.numUpdatedRows), dropped };
}

/** Deletes every vote of one visitor (a member deleting their account with its content); aggregates follow. */
export async function eraseVotesOf(uow: UnitOfWork, visitorId: string): Promise<number> {
  const votes = await uow.tx
    .deleteFrom('film_votes')
    .where('visitor_id', '=', visitorId)
    .returning(['film_id', 'score', 'counted'])
    .execute();
  for (const vote of votes) {
    if (vote.counted === 1) {
      await adjustStats(uow.tx, vote.film_id, { count: -1, sum: -vote.score, scores: [[vote.score, -1]] });
      uow.touched('ratings');
    }
    uow.touched(`film:${vote.film_id}`);
  }
  return votes.length;
}

/** One visitor's votes with their films, for a member's own data export. */
export async function votesForExport(db: DbOrTx, visitorId: string) {
  const rows = await db
    .selectFrom('film_votes')
    .innerJoin('films', 'films.id', 'film_votes.film_id')
    .select(['films.slug', 'films.title', 'film_votes.score', 'film_votes.created_at', 'film_votes.updated_at'])
    .where('film_votes.visitor_id', '=', visitorId)
    .orderBy('film_votes.created_at')
    .execute();
  return rows.map((r) => ({ film: r.slug, title: r.title, stars: scoreToStars(r.score), ratedAt: r.updated_at }));
}
