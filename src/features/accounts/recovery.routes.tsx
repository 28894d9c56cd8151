import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../kernel/context.js';
import { sendPage } from '../../kernel/render.js';
import { setFlash } from '../../kernel/visitor.js';
import { mailSiteOf } from '../mail/index.js';
import { AccountError } from './accounts.js';
import { InviteParams, PasswordForm } from './accounts.schemas.js';
import { findReset, requestPasswordReset, resetPassword } from './recovery.service.js';
import { ForgotPage, ResetPage } from './views/RecoveryPages.js';

const ForgotForm = Type.Object({ _csrf: Type.Optional(Type.String()), email: Type.String({ maxLength: 254 }) });
const forgotPage = { title: 'Forgot your password?', noindex: true };
const resetPage = { title: 'Choose a new password', noindex: true };

/** "Forgot your password?" on the login page: a link by mail, then a page to set a new password. */
export const recoveryRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/admin/forgot', { config: { role: 'public' } }, async (_request, reply) =>
    sendPage(reply, ctx, forgotPage, <ForgotPage />),
  );

  app.post('/admin/forgot', { config: { role: 'public' }, schema: { body: ForgotForm } }, async (request, reply) => {
    const input = { email: request.body.email, ipHash: request.ipHash };
    const outcome = await requestPasswordReset(ctx, input, await mailSiteOf(ctx), ctx.clock.now());
    if (outcome === 'throttled') {
      reply.header('retry-after', '3600');
      const error = 'Too many reset requests for now. Try again in an hour.';
      return sendPage(reply, ctx, forgotPage, <ForgotPage email={input.email} error={error} />, 429);
    }
    return sendPage(reply, ctx, forgotPage, <ForgotPage done />);
  });

  // The token has the same shape as an invitation's.
  const schema = { params: InviteParams };
  app.get('/admin/reset/:token', { config: { role: 'public' }, schema }, async (request, reply) => {
    const user = await findReset(ctx.db, request.params.token, ctx.clock.now());
    return sendPage(reply, ctx, resetPage, <ResetPage email={user.email} token={request.params.token} />);
  });

  app.post(
    '/admin/reset/:token',
    { config: { role: 'public' }, schema: { ...schema, body: PasswordForm } },
    async (request, reply) => {
      const { token } = request.params;
      const user = await findReset(ctx.db, token, ctx.clock.now());
      try {
        await resetPassword(ctx.writer, token, request.body.password, ctx.clock.now());
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        return sendPage(
          reply,
          ctx,
          resetPage,
          <ResetPage email={user.email} token={token} error={error.message} />,
          400,
        );
      }
      setFlash(reply, 'Your password is changed and every device is logged out. Log in with the new password.');
      return reply.redirect('/admin/login', 303);
    },
  );
};
