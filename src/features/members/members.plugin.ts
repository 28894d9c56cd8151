import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { adminMemberContentRoutes } from './admin-member-content.routes.js';
import { adminMembersRoutes } from './admin-members.routes.js';
import { apiTokenRoutes } from './api-tokens.routes.js';
import { memberRecoveryRoutes } from './member-recovery.routes.js';
import { membersApi } from './members.api.js';
import { memberAuthRoutes } from './members.routes.js';
import { settingsRoutes } from './settings.routes.js';

/** Every members route: join, sign in and out, recovery, settings, and the admin's members list. */
export const membersPlugin: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, deps) => {
  const all = [
    memberAuthRoutes,
    memberRecoveryRoutes,
    settingsRoutes,
    adminMembersRoutes,
    apiTokenRoutes,
    membersApi,
    adminMemberContentRoutes,
  ];
  for (const routes of all) {
    await app.register(routes, deps);
  }
};
