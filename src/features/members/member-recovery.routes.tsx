import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { sendPage } from '../../kernel/render.js';
import { setFlash } from '../../kernel/visitor.js';
import { AccountError } from '../accounts/index.js';
import { mailSiteOf } from '../mail/index.js';
import { requestMemberReset, resetMemberPassword } from './member-login.service.js';
import { memberOfToken } from './member-tokens.js';
import { EmailForm, PasswordOnlyForm, TokenParams } from './members.schemas.js';
import { MemberForgotPage, MemberResetPage } from './views/AuthPages.js';

const forgotPage = { title: 'Forgot your password?', noindex: true };
const resetPage = { title: 'Choose a new password', noindex: true };

/** "Forgot your password?" for members: a link by mail (once, within an hour), then a new password. */
export const memberRecoveryRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const csrf = async (request: FastifyRequest) => app.verifyCsrf(request);

  app.get('/login/forgot', async (_request, reply) => sendPage(reply, ctx, forgotPage, <MemberForgotPage />));

  app.post('/login/forgot', { schema: { body: EmailForm }, preHandler: csrf }, async (request, reply) => {
    const input = { email: request.body.email, ipHash: request.ipHash };
    const outcome = await requestMemberReset(ctx, input, await mailSiteOf(ctx), ctx.clock.now());
    if (outcome === 'throttled') {
      reply.header('retry-after', '3600');
      const error = 'Too many reset requests for now. Try again in an hour.';
      return sendPage(reply, ctx, forgotPage, <MemberForgotPage email={input.email} error={error} />, 429);
    }
    return sendPage(reply, ctx, forgotPage, <MemberForgotPage done />);
  });

  app.get('/login/reset/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    const member = await memberOfToken(ctx.db, request.params.token, 'reset', ctx.clock.now());
    return sendPage(reply, ctx, resetPage, <MemberResetPage email={member.email} token={request.params.token} />);
  });

  app.post(
    '/login/reset/:token',
    { schema: { params: TokenParams, body: PasswordOnlyForm }, preHandler: csrf },
    async (request, reply) => {
      const { token } = request.params;
      const member = await memberOfToken(ctx.db, token, 'reset', ctx.clock.now());
      try {
        await resetMemberPassword(ctx.writer, token, request.body.password, ctx.clock.now());
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const page = <MemberResetPage email={member.email} token={token} error={error.message} />;
        return sendPage(reply, ctx, resetPage, page, 400);
      }
      setFlash(reply, 'Your password is changed and every device is signed out. Sign in with the new password.');
      return reply.redirect('/login', 303);
    },
  );
};
