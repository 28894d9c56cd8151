import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminSectionsOf, sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { currentUser } from '../../kernel/staff.js';
import { DashboardPage } from './views/AccountPages.js';

const LABELS: Record<string, string> = {
  '/admin/comments': 'Moderate comments',
  '/admin/privacy': 'Export or erase a commenter’s data',
  '/admin/films': 'Edit films',
  '/admin/categories': 'Organise categories',
  '/admin/genres': 'Organise genres',
  '/admin/import': 'Import films from a file',
  '/admin/users': 'Invite or remove users',
  '/admin/tokens': 'API tokens',
  '/admin/settings': 'Site settings',
  '/admin/audit': 'Audit log: who changed what',
  '/admin/mail': 'Mail log: what was sent, what failed',
};

export interface DashboardOptions {
  ctx: AppContext;
  /** How many films the catalog holds (the catalog owns that table). */
  countFilms(): Promise<number>;
  /** How many comments wait for a moderator (the comments feature owns that table). */
  countPendingComments(): Promise<number>;
}

/** The admin area's start page: the catalog's size and the sections this user may open. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<DashboardOptions> = async (
  app,
  { ctx, countFilms, countPendingComments },
) => {
  app.get('/admin', { config: { role: 'moderator' } }, async (request, reply) => {
    const user = currentUser(request);
    const links = adminSectionsOf(app)
      .filter((href) => LABELS[href] && (user.role === 'admin' || href === '/admin/comments'))
      .map((href) => ({ href, label: LABELS[href]! }));
    const emailOff = !ctx.config.mail.smtpUrl;
    const [films, pendingComments] = await Promise.all([countFilms(), countPendingComments()]);
    const body = (
      <DashboardPage
        films={films}
        pendingComments={pendingComments}
        role={user.role}
        links={links}
        emailOff={emailOff}
      />
    );
    return sendAdminPage(app, ctx, request, reply, { current: '/admin', title: 'Dashboard', body });
  });
};
