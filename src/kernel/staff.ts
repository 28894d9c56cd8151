import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

// Who is signed in to the admin area, as every feature with admin pages sees it. The accounts feature decides it
// (sessions, tokens, the auth hook); features below it only read it, so none of them depends on accounts.

export type Role = 'admin' | 'moderator';

export interface SignedInUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedInUser | null;
  }
  interface FastifyContextConfig {
    /**
     * Who may use an /admin or /api/v1/admin route: `admin`, `moderator` (admins too), or `public` (login, invitation).
     * Every such route must say; the app refuses to start otherwise.
     */
    role?: Role | 'public';
    /**
     * How the caller proves who they are, set from the route's pattern when it is registered (routes do not set it):
     * `session` (cookie, plus CSRF on writes) for /admin pages, `token` (bearer) for /api/v1/admin.
     */
    auth?: 'session' | 'token';
  }
}

export const canAccess = (user: SignedInUser, required: Role) => required === 'moderator' || user.role === 'admin';

/** The signed-in user of an admin route (the auth hook has already checked the role). */
export function currentUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new AppError('unauthorized', 'Log in first.');
  return request.user;
}
