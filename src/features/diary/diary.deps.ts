import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext, FindFilm } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';
import type { SignedInMember } from '../../kernel/member.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { DEFAULT_BALLOT_RULES } from '../ratings/index.js';
import type { Diarist } from './diary.service.js';
import type { DiaryEntryRow } from './diary.types.js';

/** What the watchlist, diary and profile routes are given. */
export interface DiaryDeps {
  ctx: AppContext;
  findFilm: FindFilm;
  /**
   * The profile's "Recent reviews" part: the reviews feature's `MemberReviewsPreview`, wired in server/routes.ts.
   * Rendered into the shared profile page, so it must not depend on who looks.
   */
  recentReviews?: (member: { id: number; handle: string }) => Promise<VNode | null>;
  /** The profile's follower counts and follow link: the activity feature's `followBar`, the same for everyone. */
  followBar?: (member: { id: number; handle: string }) => Promise<VNode | null>;
}

export const ballotRules = (ctx: AppContext) => ({
  ...DEFAULT_BALLOT_RULES,
  votesPerIpPerFilm: ctx.config.engagement.votesPerIpPerFilm,
});

export const diaristOf = (request: FastifyRequest, member: SignedInMember): Diarist => ({
  memberId: member.id,
  visitorId: member.visitorId,
  ipHash: request.ipHash,
});

export async function filmOr404(findFilm: FindFilm, slug: string) {
  const film = await findFilm(slug);
  if (!film) throw filmNotFound();
  return film;
}

/** A members-only page asked by a guest: off to sign in, and back here after. Null when it redirected. */
export function memberOrSignIn(request: FastifyRequest, reply: FastifyReply, back: string): SignedInMember | null {
  if (request.member) return request.member;
  const next = safeRedirectPath(back, { fallback: '/' });
  void reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
  return null;
}

export const entryJson = (entry: DiaryEntryRow) => ({
  id: entry.id,
  film: { slug: entry.slug, title: entry.title, year: entry.year },
  date: entry.watchedOn,
  stars: entry.score === null ? null : entry.score / 2,
  rewatch: entry.rewatch === 1,
  note: entry.note,
  visibility: entry.isPublic === 1 ? ('public' as const) : ('private' as const),
});
