import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

// Who is signed in as a member, as every feature sees it. A member is a visitor with an account
// (docs/decisions/026): while their session is valid, `request.visitorId` is the member's own visitor id, so votes,
// likes and comments need no member-specific code. The members feature resolves the session (a hook in
// features/members, wired by the composition root); features below it only read it. Kept apart from `request.user`
// (kernel/staff.ts): a member can never pass an admin role check.

/** The member session cookie: a random id whose hash is stored (features/members). */
export const MEMBER_COOKIE = 'rh_member';

export interface SignedInMember {
  id: number;
  handle: string;
  displayName: string;
  /** The member's stable visitor id: what they vote, like and comment with. */
  visitorId: string;
  /** Whether the email address is confirmed: unconfirmed members may sign in but not publish reviews. */
  confirmed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, or null for a guest (or a session that has ended). */
    member: SignedInMember | null;
  }
}

/** The signed-in member of a route that needs one. */
export function currentMember(request: FastifyRequest): SignedInMember {
  if (!request.member) throw new AppError('unauthorized', 'Sign in first.');
  return request.member;
}

/** The signed-in member whose address is confirmed (what publishing needs). */
export function confirmedMember(request: FastifyRequest): SignedInMember {
  const member = currentMember(request);
  if (!member.confirmed) throw new AppError('forbidden', 'Confirm your email address first: follow the link we sent.');
  return member;
}
