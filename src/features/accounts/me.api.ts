import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorBody } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { Me } from './accounts.schemas.js';

/** The admin API's own account: bearer tokens only, so no CSRF (no cookie is involved). */
export const meApi: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/me',
    {
      config: { role: 'moderator' },
      schema: {
        summary: 'The account an API token acts as',
        tags: ['admin'],
        security: [{ bearer: [] }],
        response: { 200: Me, 401: ApiErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return { id: user.id, email: user.email, role: user.role };
    },
  );
};
