import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { takeFlash } from '../../http/plugins/visitor.js';
import { sendPage } from '../../http/render.js';
import { AdminShell } from '../../views/AdminShell.js';
import type { SignedInUser } from './accounts.service.js';

/** The signed-in user of an admin route (the auth hook has already checked the role). */
export function currentUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new AppError('unauthorized', 'Log in first.');
  return request.user;
}

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
