import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { mailLog } from './outbox.service.js';
import { mailSiteOf } from './template.js';
import { queueTestMail } from './test-mail.service.js';
import { MailLogPage } from './views/MailLogPage.js';

export interface MailAdminOptions {
  ctx: AppContext;
  mail: { emailOn: boolean; outboxDir: string };
}

/** The admin's mail log and "send test mail" button. */
export const mailAdminRoutes: FastifyPluginAsyncTypebox<MailAdminOptions> = async (app, { ctx, mail }) => {
  app.get('/admin/mail', { config: { role: 'admin' } }, async (request, reply) => {
    const { counts, rows } = await mailLog(ctx.db);
    const body = <MailLogPage {...mail} counts={counts} rows={rows} testTo={currentUser(request).email} />;
    return sendAdminPage(app, ctx, request, reply, { current: '/admin/mail', title: 'Mail log', body });
  });

  app.post('/admin/mail/test', { config: { role: 'admin' } }, async (request, reply) => {
    const user = currentUser(request);
    const site = await mailSiteOf(ctx);
    await ctx.writer.write((uow) => queueTestMail(uow, site, user, ctx.clock.now()));
    setFlash(reply, `A test mail to ${user.email} is queued; its fate shows below.`);
    return reply.redirect('/admin/mail', 303);
  });
};
