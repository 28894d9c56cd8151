import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { adminMembersRoutes } from './admin-members.routes.js';
import { memberRecoveryRoutes } from './member-recovery.routes.js';
import { memberAuthRoutes } from './members.routes.js';
import { settingsRoutes } from './settings.routes.js';

/** Every members route: join, sign in and out, recovery, settings, and the admin's members list. */
export const membersPlugin: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, deps) => {
  for (const routes of [memberAuthRoutes, memberRecoveryRoutes, settingsRoutes, adminMembersRoutes]) {
    await app.register(routes, deps);
  }
};
