import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AdminShell } from '../views/AdminShell.js';
import type { AppContext } from './context.js';
import { sendPage } from './render.js';
import { currentUser } from './staff.js';
import { takeFlash } from './visitor.js';

/** Admin GET pages that exist in this build, so the admin nav links only to real pages. */
export function adminSectionsOf(app: FastifyInstance): string[] {
  return app.routeTable.filter((r) => r.method === 'GET' && /^\/admin(\/[a-z-]+)?$/.test(r.url)).map((r) => r.url);
}

export async function sendAdminPage(
  app: FastifyInstance,
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  page: { current: string; title: string; body: VNode; status?: number },
) {
  const user = currentUser(request);
  return sendPage(
    reply,
    ctx,
    { title: `${page.title} – Admin`, noindex: true },
    <AdminShell
      user={user}
      current={page.current}
      title={page.title}
      flash={takeFlash(request, reply)}
      available={adminSectionsOf(app)}
    >
      {page.body}
    </AdminShell>,
    page.status ?? 200,
  );
}
