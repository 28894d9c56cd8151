import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { chooseModerationMail, moderationMailChoice } from './moderation-mail.service.js';
import { NotificationsPage } from './views/NotificationsPage.js';

const ChoiceForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  mode: Type.String({ maxLength: 10 }),
  digestMinutes: Type.String({ maxLength: 10 }),
});

/** Each moderator's own choice of mail about held comments. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const page = { current: '/admin/notifications', title: 'My notifications' };
  const emailOn = Boolean(ctx.config.mail.smtpUrl);

  app.get('/admin/notifications', { config: { role: 'moderator' } }, async (request, reply) => {
    const user = currentUser(request);
    const choice = await moderationMailChoice(ctx.db, user.id);
    const body = <NotificationsPage email={user.email} emailOn={emailOn} {...choice} />;
    return sendAdminPage(app, ctx, request, reply, { ...page, body });
  });

  app.post(
    '/admin/notifications',
    { config: { role: 'moderator' }, schema: { body: ChoiceForm } },
    async (request, reply) => {
      const user = currentUser(request);
      const choice = { mode: request.body.mode, digestMinutes: Number(request.body.digestMinutes) };
      try {
        await ctx.writer.write((uow) => chooseModerationMail(uow, user.id, choice, ctx.clock.now()));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'invalid_field') throw error;
        const body = <NotificationsPage email={user.email} emailOn={emailOn} {...choice} error={error.message} />;
        return sendAdminPage(app, ctx, request, reply, { ...page, status: 400, body });
      }
      setFlash(reply, 'Saved.');
      return reply.redirect('/admin/notifications', 303);
    },
  );
};
