import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { Id } from '../../kernel/schemas.js';
import { memberContent } from './admin-member-content.service.js';
import { AdminMemberContentPage } from './views/AdminMemberContentPage.js';

const MemberParams = Type.Object({ id: Id() });

/** `/admin/members/:id`: one member's votes, likes and comments, for moderators (the auth hook checks the role). */
export const adminMemberContentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/admin/members/:id',
    { config: { role: 'moderator' }, schema: { params: MemberParams } },
    async (request, reply) => {
      const content = await memberContent(ctx.db, request.params.id);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/members',
        title: `Member @${content.member.handle}`,
        body: <AdminMemberContentPage content={content} />,
      });
    },
  );
};
