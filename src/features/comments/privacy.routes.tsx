import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import { sendPage } from '../../kernel/render.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import type { CommentsDeps } from './comment-post.js';
import { EmailForm } from './comments.schemas.js';
import { eraseCommenter, exportCommenterAudited } from './privacy.service.js';
import { CommenterDataPage } from './views/CommenterDataPage.js';
import { PrivacyPage } from './views/PrivacyPage.js';

const admin = { config: { role: 'admin' as const } };

/** What the site stores about readers (/privacy), and the admin's export and erase of one commenter's data. */
export const privacyRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, { ctx, hooks }) => {
  app.get('/privacy', { config: { pageCache: true } }, async (_request, reply) => {
    const settings = await ctx.settings();
    const notes = hooks.privacyNotes.map((note) => note()).filter((n): n is string => n !== null);
    return sendPage(
      reply,
      ctx,
      {
        title: 'Privacy',
        description: 'What this site stores about readers and commenters.',
        canonicalPath: '/privacy',
      },
      <PrivacyPage
        ipDays={settings.ipHashRetentionDays}
        trashDays={settings.trashRetentionDays}
        spamDays={settings.spamRetentionDays}
        notes={notes}
        sections={hooks.privacySections ?? []}
      />,
    );
  });

  app.get('/admin/privacy', admin, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/privacy',
      title: 'Commenter data',
      body: <CommenterDataPage />,
    }),
  );

  app.post('/admin/privacy/export', { ...admin, schema: { body: EmailForm } }, async (request, reply) => {
    const actor = actorOf(currentUser(request));
    const parts = hooks.commenterData ?? [];
    const data = await exportCommenterAudited(ctx.db, request.body.email, actor, ctx.clock.now(), parts);
    return reply
      .header('content-disposition', 'attachment; filename="commenter-export.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/admin/privacy/erase', { ...admin, schema: { body: EmailForm } }, async (request, reply) => {
    const mode = request.body.mode ?? 'anonymise';
    const actor = actorOf(currentUser(request));
    const count = await ctx.writer.write((uow) =>
      eraseCommenter(uow, request.body.email, mode, actor, ctx.clock.now(), hooks.commenterData),
    );
    setFlash(reply, `${mode === 'delete' ? 'Deleted' : 'Anonymised'} ${count} comment(s).`);
    return reply.redirect('/admin/privacy', 303);
  });
};
