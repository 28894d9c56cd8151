import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AuditQuery } from './audit.schemas.js';
import { auditFacets, listAudit } from './audit.service.js';
import { AuditPage } from './views/AuditPage.js';

const PAGE_SIZE = 50;

/** The audit log page: who changed what, filtered and paged. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/admin/audit',
    { config: { role: 'admin' }, schema: { querystring: AuditQuery } },
    async (request, reply) => {
      const q = request.query;
      const page = q.page ?? 1;
      const filter = { actor: q.actor || undefined, action: q.action || undefined, targetType: q.target || undefined };
      const [{ rows, hasMore }, facets] = await Promise.all([
        listAudit(ctx.db, { ...filter, from: q.from, to: q.to }, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        auditFacets(ctx.db),
      ]);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/audit',
        title: 'Audit log',
        body: <AuditPage rows={rows} facets={facets} query={q} page={page} hasMore={hasMore} />,
      });
    },
  );
};
