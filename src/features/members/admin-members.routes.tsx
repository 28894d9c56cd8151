import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { Id } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash, takeFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { searchMembers, setSuspended } from './admin-members.service.js';
import { AdminMembersPage } from './views/AdminMembersPage.js';

const PAGE_SIZE = 50;
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const MemberParams = Type.Object({ id: Id() });
const CsrfForm = Type.Object({ _csrf: Type.Optional(Type.String()) });

/** The members list for moderators: search, page, suspend and restore (the auth hook checks role and CSRF). */
export const adminMembersRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/admin/members',
    { config: { role: 'moderator' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const q = request.query.q ?? '';
      const page = request.query.page ?? 1;
      const { rows, hasMore } = await searchMembers(ctx.db, q, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      const notice = takeFlash(request, reply);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/members',
        title: 'Members',
        body: <AdminMembersPage rows={rows} q={q} page={page} hasMore={hasMore} notice={notice} />,
      });
    },
  );

  for (const [action, suspended] of [
    ['suspend', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/admin/members/:id/${action}`,
      { config: { role: 'moderator' }, schema: { params: MemberParams, body: CsrfForm } },
      async (request, reply) => {
        const actor = actorOf(currentUser(request));
        await setSuspended(ctx.writer, request.params.id, suspended, actor, ctx.clock.now());
        setFlash(reply, suspended ? 'The member is suspended and signed out.' : 'The member is restored.');
        return reply.redirect('/admin/members', 303);
      },
    );
  }
};
