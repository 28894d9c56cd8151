import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { sendAdminPage } from '../accounts/index.js';
import { auditFacets, listAudit } from './audit.service.js';
import { AuditPage } from './views/AuditPage.js';

const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

const PAGE_SIZE = 50;

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: AuditQuery }>(
    '/admin/audit',
    { config: { role: 'admin' }, schema: { querystring: AuditQuery } },
    async (request, reply) => {
      const q = request.query;
      const page = q.page ?? 1;
      const filter = {
        actor: q.actor || undefined,
        action: q.action || undefined,
        targetType: q.target || undefined,
        from: q.from,
        to: q.to,
      };
      const [{ rows, hasMore }, facets] = await Promise.all([
        listAudit(ctx.db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        auditFacets(ctx.db),
      ]);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/audit',
        title: 'Audit log',
        body: <AuditPage rows={rows} facets={facets} query={q} page={page} hasMore={hasMore} />,
      });
    },
  );
}
