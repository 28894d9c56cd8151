import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { mailSiteOf } from '../mail/index.js';
import { AccountError } from './accounts.js';
import { InviteForm } from './accounts.schemas.js';
import { listUsers, removeUser } from './accounts.service.js';
import { inviteWithMail } from './recovery.service.js';
import { UsersPage } from './views/AccountPages.js';

type UsersPageProps = Omit<Parameters<typeof UsersPage>[0], 'users' | 'selfId'>;

/** Accounts: the list, invitations by link, removal. */
export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const sendUsers = async (request: FastifyRequest, reply: FastifyReply, props: UsersPageProps, status = 200) => {
    const body = <UsersPage users={await listUsers(ctx.db)} selfId={currentUser(request).id} {...props} />;
    return sendAdminPage(app, ctx, request, reply, { current: '/admin/users', title: 'Users', status, body });
  };

  app.get('/admin/users', { config: { role: 'admin' } }, async (request, reply) => sendUsers(request, reply, {}));

  app.post(
    '/admin/users/invite',
    { config: { role: 'admin' }, schema: { body: InviteForm } },
    async (request, reply) => {
      const actor = actorOf(currentUser(request));
      try {
        const mail = { site: await mailSiteOf(ctx), emailOn: Boolean(ctx.config.mail.smtpUrl) };
        const invite = await ctx.writer.write((uow) => inviteWithMail(uow, request.body, actor, mail, ctx.clock.now()));
        const mailedTo = invite.mailed ? request.body.email.trim().toLowerCase() : null;
        return await sendUsers(request, reply, { inviteLink: invite.link, mailedTo });
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const { email, role } = request.body;
        return sendUsers(request, reply, { form: { email, role, error: error.message } }, 400);
      }
    },
  );

  app.post(
    '/admin/users/:id/remove',
    { config: { role: 'admin' }, schema: { params: IdParams } },
    async (request, reply) => {
      const user = currentUser(request);
      try {
        await ctx.writer.write(({ tx }) => removeUser(tx, request.params.id, user, ctx.clock.now()));
        setFlash(reply, 'The account was removed and its sessions ended.');
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect('/admin/users', 303);
    },
  );
};
