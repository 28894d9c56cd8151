import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { currentMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { Id } from '../../kernel/schemas.js';
import { setFlash, takeFlash } from '../../kernel/visitor.js';
import { AccountError } from '../accounts/index.js';
import { createMemberApiToken, listMemberApiTokens, parseTokenScope, revokeOwnToken } from './api-tokens.service.js';
import { ApiTokensPage } from './views/ApiTokensPage.js';

// Longer names are refused by the service with the limit named (80); this bound only stops a huge body early.
const TokenForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.String({ maxLength: 2000 }),
  /** 'read' or 'read-write'; the service refuses anything else with the field named. */
  scope: Type.Optional(Type.String({ maxLength: 20 })),
});
const TokenParams = Type.Object({ id: Id() });
const CsrfForm = Type.Object({ _csrf: Type.Optional(Type.String()) });

const page = { title: 'API tokens', noindex: true };
type PageProps = Omit<Parameters<typeof ApiTokensPage>[0], 'tokens'>;

/** `/settings/tokens`: the member's personal API tokens (docs/decisions/034). Private pages; writes need CSRF. */
export const apiTokenRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    if (request.member) {
      if (request.method !== 'GET') app.verifyCsrf(request);
      return;
    }
    if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    currentMember(request);
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, props: PageProps, status = 200) => {
    const tokens = await listMemberApiTokens(ctx.db, currentMember(request).id);
    return sendPage(reply, ctx, page, <ApiTokensPage tokens={tokens} {...props} />, status);
  };

  app.get('/settings/tokens', { preHandler: signedIn }, async (request, reply) =>
    show(request, reply, { notice: takeFlash(request, reply) }),
  );

  // Answered with the page itself, not a redirect: the new secret must not travel in a cookie or a URL.
  app.post('/settings/tokens', { schema: { body: TokenForm }, preHandler: signedIn }, async (request, reply) => {
    const memberId = currentMember(request).id;
    try {
      const scope = parseTokenScope(request.body.scope);
      const token = await ctx.writer.write(({ tx }) =>
        createMemberApiToken(tx, memberId, request.body.name, scope, ctx.clock.now()),
      );
      return await show(request, reply, { newToken: token });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const failed = error.field === 'scope' ? { scopeError: error.message } : { error: error.message };
      return show(request, reply, { ...failed, name: request.body.name }, 400);
    }
  });

  app.post(
    '/settings/tokens/:id/revoke',
    { schema: { params: TokenParams, body: CsrfForm }, preHandler: signedIn },
    async (request, reply) => {
      try {
        await ctx.writer.write(({ tx }) =>
          revokeOwnToken(tx, currentMember(request).id, request.params.id, ctx.clock.now()),
        );
        setFlash(reply, 'The token is revoked: requests using it now get 401.');
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect('/settings/tokens', 303);
    },
  );
};
