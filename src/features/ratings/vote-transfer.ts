import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { scoreToStars } from './rating.js';
import { adjustStats, combine, isMemberVisitor, voteChange } from './ratings.repository.js';

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
 * lose the deleted vote if it was counted: nobody is counted twice. The moved votes leave the guests' share of each
 * film for the members' (decision 034), and any the ballot-stuffing rule held now count: it is for guests only.
 */
export async function transferVotes(uow: UnitOfWork, from: string, to: string): Promise<VoteTransfer> {
  const { tx } = uow;
  const columns = ['film_id', 'score', 'counted', 'updated_at'] as const;
  const theirs = await tx.selectFrom('film_votes').select(columns).where('visitor_id', '=', from).execute();
  if (theirs.length === 0) return { moved: 0, dropped: 0 };
  const [fromMember, toMember] = await Promise.all([isMemberVisitor(tx, from), isMemberVisitor(tx, to)]);
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
    uow.touched(`film:${guest.film_id}`);
    const member = oursByFilm.get(guest.film_id);
    // ISO timestamps compare as text; on a tie the member's vote stays.
    const loser = member && (guest.updated_at > member.updated_at ? member : guest);
    if (loser) {
      const loserIsOurs = loser === member;
      await tx
        .deleteFrom('film_votes')
        .where('film_id', '=', guest.film_id)
        .where('visitor_id', '=', loserIsOurs ? to : from)
        .execute();
      if (loser.counted === 1) {
        await adjustStats(tx, guest.film_id, voteChange(loser.score, -1, loserIsOurs ? toMember : fromMember));
        uow.touched('ratings');
      }
      dropped += 1;
      if (!loserIsOurs) continue;
    }
    // This vote moves: out of the giver's share, into the receiver's, counted if the receiver is a member.
    const counts = guest.counted === 1 || toMember;
    if (guest.counted === 1 && fromMember !== toMember) {
      await adjustStats(
        tx,
        guest.film_id,
        combine(voteChange(guest.score, -1, fromMember), voteChange(guest.score, 1, toMember)),
      );
      uow.touched('ratings');
    } else if (guest.counted === 0 && counts) {
      await adjustStats(tx, guest.film_id, voteChange(guest.score, 1, toMember));
      uow.touched('ratings');
    }
  }
  const moved = await tx
    .updateTable('film_votes')
    .set(toMember ? { visitor_id: to, counted: 1 } : { visitor_id: to })
    .where('visitor_id', '=', from)
    .executeTakeFirst();
  return { moved: Number(moved.numUpdatedRows), dropped };
}

/**
 * Deletes every vote of one visitor (a member deleting their account with its content); aggregates follow. Called
 * before the member's row goes, so their share is known.
 */
export async function eraseVotesOf(uow: UnitOfWork, visitorId: string): Promise<number> {
  const member = await isMemberVisitor(uow.tx, visitorId);
  const votes = await uow.tx
    .deleteFrom('film_votes')
    .where('visitor_id', '=', visitorId)
    .returning(['film_id', 'score', 'counted'])
    .execute();
  for (const vote of votes) {
    if (vote.counted === 1) {
      await adjustStats(uow.tx, vote.film_id, voteChange(vote.score, -1, member));
      uow.touched('ratings');
    }
    uow.touched(`film:${vote.film_id}`);
  }
  return votes.length;
}

/**
 * A member's votes become a guest's (the account is deleted with its content kept as a guest's): they leave the
 * members' share of each film for the guests'. Called before the member's row goes.
 */
export async function releaseMemberVotes(uow: UnitOfWork, visitorId: string): Promise<number> {
  if (!(await isMemberVisitor(uow.tx, visitorId))) return 0;
  const votes = await uow.tx
    .selectFrom('film_votes')
    .select(['film_id', 'score'])
    .where('visitor_id', '=', visitorId)
    .where('counted', '=', 1)
    .execute();
  for (const vote of votes) {
    await adjustStats(uow.tx, vote.film_id, { count: 0, sum: 0, scores: [], members: { count: -1, sum: -vote.score } });
    uow.touched(`film:${vote.film_id}`);
  }
  return votes.length;
}

/**
 * A suspended member's votes stop counting (`counted = 0`), and count again when they are restored: averages,
 * histograms, the members' share and Top rated all read the aggregates, which follow here, so a suspended vote ring
 * moves no ranking. Held the same way as a vote over the ballot-stuffing cap, so `recountStats` agrees and every
 * other vote write (erasing, releasing) treats them as it treats held votes. A member's votes all count while active
 * (decision 034), so restoring counts every one. Returns the number of votes that changed.
 */
export async function setMemberVotesCounted(uow: UnitOfWork, visitorId: string, counted: boolean): Promise<number> {
  const votes = await uow.tx
    .updateTable('film_votes')
    .set({ counted: counted ? 1 : 0 })
    .where('visitor_id', '=', visitorId)
    .where('counted', '=', counted ? 0 : 1)
    .returning(['film_id', 'score'])
    .execute();
  for (const vote of votes) {
    await adjustStats(uow.tx, vote.film_id, voteChange(vote.score, counted ? 1 : -1, true));
    uow.touched(`film:${vote.film_id}`);
  }
  if (votes.length > 0) uow.touched('ratings');
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
