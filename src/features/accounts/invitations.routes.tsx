import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { AccountError, INVALID_INVITE, type SessionPolicy } from './accounts.js';
import { InviteParams, PasswordForm } from './accounts.schemas.js';
import { acceptInvite, findInvite } from './accounts.service.js';
import { setSessionCookie } from './session-cookie.js';
import { InvitePage } from './views/AccountPages.js';

const page = { title: 'Set your password', noindex: true };

/** An invitation link: the invitee sets a password and is logged in. */
export const invitationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; policy: SessionPolicy }> = async (
  app,
  { ctx, policy },
) => {
  const validInvite = async (token: string) => {
    const invite = await findInvite(ctx.db, token, ctx.clock.now());
    if (!invite) throw new AppError('not_found', INVALID_INVITE);
    return invite;
  };

  app.get(
    '/admin/invite/:token',
    { config: { role: 'public' }, schema: { params: InviteParams } },
    async (request, reply) => {
      const invite = await validInvite(request.params.token);
      return sendPage(reply, ctx, page, <InvitePage email={invite.email} token={request.params.token} />);
    },
  );

  app.post(
    '/admin/invite/:token',
    { config: { role: 'public' }, schema: { params: InviteParams, body: PasswordForm } },
    async (request, reply) => {
      const { token } = request.params;
      const invite = await validInvite(token);
      const meta = { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '' };
      try {
        setSessionCookie(
          reply,
          await acceptInvite(ctx.writer, token, request.body.password, meta, ctx.clock.now()),
          policy,
        );
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const body = <InvitePage email={invite.email} token={token} error={error.message} />;
        return sendPage(reply, ctx, page, body, 400);
      }
      return reply.redirect('/admin', 303);
    },
  );
};
