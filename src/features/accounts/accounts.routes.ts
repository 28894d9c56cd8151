import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import type { SessionPolicy } from './accounts.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { invitationRoutes } from './invitations.routes.js';
import { meApi } from './me.api.js';
import { recoveryRoutes } from './recovery.routes.js';
import { sessionRoutes } from './session.routes.js';
import { tokenRoutes } from './tokens.routes.js';
import { userRoutes } from './users.routes.js';

export interface AccountRoutesOptions {
  ctx: AppContext;
  /** How long sessions live: sets the cookie's lifetime (the auth hook enforces it). */
  policy: SessionPolicy;
  /** The catalog's size, for the dashboard. */
  countFilms(): Promise<number>;
  /** Comments awaiting moderation, for the dashboard (the comments feature owns them). */
  countPendingComments(): Promise<number>;
}

/** The admin area's accounts: logging in and out, the dashboard, users, invitations, API tokens, the admin API. */
export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (app, opts) => {
  const { ctx, policy } = opts;
  await app.register(sessionRoutes, { ctx, policy });
  await app.register(dashboardRoutes, {
    ctx,
    countFilms: opts.countFilms,
    countPendingComments: opts.countPendingComments,
  });
  await app.register(userRoutes, { ctx });
  await app.register(invitationRoutes, { ctx, policy });
  await app.register(tokenRoutes, { ctx });
  await app.register(recoveryRoutes, { ctx });
  await app.register(meApi);
};
