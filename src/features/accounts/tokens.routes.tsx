import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { AccountError } from './accounts.js';
import { TokenForm } from './accounts.schemas.js';
import { createApiToken, listTokens, revokeApiToken } from './accounts.service.js';
import { TokensPage } from './views/AccountPages.js';

type TokensPageProps = Omit<Parameters<typeof TokensPage>[0], 'tokens'>;

/** API tokens for the admin API: the list, a new token (shown once), revocation. */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const sendTokens = async (request: FastifyRequest, reply: FastifyReply, props: TokensPageProps, status = 200) => {
    const body = <TokensPage tokens={await listTokens(ctx.db)} {...props} />;
    return sendAdminPage(app, ctx, request, reply, { current: '/admin/tokens', title: 'API tokens', status, body });
  };

  app.get('/admin/tokens', { config: { role: 'admin' } }, async (request, reply) => sendTokens(request, reply, {}));

  app.post('/admin/tokens', { config: { role: 'admin' }, schema: { body: TokenForm } }, async (request, reply) => {
    const user = currentUser(request);
    const { name } = request.body;
    try {
      const { token } = await ctx.writer.write(({ tx }) =>
        createApiToken(tx, user.id, name, actorOf(user), ctx.clock.now()),
      );
      return await sendTokens(request, reply, { newToken: token });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return sendTokens(request, reply, { error: error.message, name }, 400);
    }
  });

  app.post(
    '/admin/tokens/:id/revoke',
    { config: { role: 'admin' }, schema: { params: IdParams } },
    async (request, reply) => {
      const actor = actorOf(currentUser(request));
      try {
        await ctx.writer.write(({ tx }) => revokeApiToken(tx, request.params.id, actor, ctx.clock.now()));
        setFlash(reply, 'The token is revoked: requests using it now get 401.');
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect('/admin/tokens', 303);
    },
  );
};
