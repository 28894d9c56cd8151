import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { actorOf } from '../audit/index.js';
import { CsrfOnlyForm, PageForm } from './pages.schemas.js';
import { deletePage, findPage, findPageAt, listPages, PageEditError, type PageRow, savePage } from './pages.service.js';
import { PageFormPage, type PageFormValues, PageListPage } from './views/PagesAdmin.js';
import { StaticPage } from './views/StaticPage.js';

/** The path a request asks for, as pages store it: percent-decoded, without the trailing slash WordPress adds. */
export function pagePathOf(url: string): string | null {
  const raw = url.split('?')[0] ?? '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

const showPage = (ctx: AppContext, reply: FastifyReply, page: PageRow) =>
  sendPage(
    reply,
    ctx,
    { title: page.title, canonicalPath: page.path, noindex: !page.published },
    <StaticPage
      title={page.title}
      html={renderMarkdown(page.markdown)}
      byline={page.byline}
      published={!!page.published}
    />,
  );

/**
 * A published page at the address asked for, sent; null when there is none. Called by the server's not-found handler:
 * pages live at any path (an imported page keeps its old address), so they answer where no route does.
 */
export async function servePublishedPage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const path = pagePathOf(request.url);
  if (!path || path === '/') return null;
  const page = await findPageAt(ctx.db, path);
  return page?.published ? showPage(ctx, reply, page) : null;
}

/** A route's URL pattern (`/film/:slug`) as a regular expression over paths. */
const patternOf = (url: string) =>
  new RegExp(
    `^${url
      .replace(/[.+?^$()|[\]\\{}]/g, '\\$&')
      .replace(/:[^/]+/g, '[^/]+')
      .replace(/\*/g, '.*')}$`,
  );

/** Whether one of the site's GET routes answers this path (a page there could never be reached). */
const routeAnswers = (app: FastifyInstance) => (path: string) =>
  app.routeTable.some((r) => r.method === 'GET' && r.url !== '*' && patternOf(r.url).test(path));

const valuesOf = (page: PageRow): PageFormValues => ({
  title: page.title,
  path: page.path,
  markdown: page.markdown,
  published: !!page.published,
});

/** The admin's list of pages and its editor. */
export const pagesRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const config = { role: 'admin' as const };
  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    values: PageFormValues,
    problem?: PageEditError,
  ) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/pages',
      title: id === null ? 'New page' : `Edit “${values.title}”`,
      status: problem ? 400 : 200,
      body: <PageFormPage id={id} values={values} problem={problem} />,
    });
  const pageOr404 = async (id: number) => {
    const page = await findPage(ctx.db, id);
    if (!page) throw new AppError('page_not_found', 'There is no page with this id.');
    return page;
  };

  app.get('/admin/pages', { config }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/pages',
      title: 'Pages',
      body: <PageListPage pages={await listPages(ctx.db)} />,
    }),
  );

  app.get('/admin/pages/new', { config }, async (request, reply) =>
    form(request, reply, null, { title: '', path: '', markdown: '', published: true }),
  );

  app.get('/admin/pages/:id', { config, schema: { params: IdParams } }, async (request, reply) =>
    form(request, reply, request.params.id, valuesOf(await pageOr404(request.params.id))),
  );

  app.get('/admin/pages/:id/preview', { config, schema: { params: IdParams } }, async (request, reply) =>
    showPage(ctx, reply, await pageOr404(request.params.id)),
  );

  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    body: typeof PageForm.static,
  ) => {
    const values = { title: body.title, path: body.path, markdown: body.markdown, published: body.published === '1' };
    try {
      const actor = actorOf(currentUser(request));
      const saved = await ctx.writer.write(async ({ tx, touched }) => {
        touched('catalog');
        return savePage(tx, actor, id, values, ctx.clock.now(), routeAnswers(app));
      });
      if (saved === null) throw new AppError('page_not_found', 'There is no page with this id.');
      const page = await pageOr404(saved);
      setFlash(reply, page.published ? `Saved. The page is at ${page.path}.` : 'Saved as a draft (admins only).');
      return reply.redirect(`/admin/pages/${saved}`, 303);
    } catch (error) {
      if (error instanceof PageEditError) return form(request, reply, id, values, error);
      throw error;
    }
  };

  app.post('/admin/pages', { config, schema: { body: PageForm } }, async (request, reply) =>
    save(request, reply, null, request.body),
  );

  app.post('/admin/pages/:id', { config, schema: { params: IdParams, body: PageForm } }, async (request, reply) =>
    save(request, reply, request.params.id, request.body),
  );

  app.post(
    '/admin/pages/:id/delete',
    { config, schema: { params: IdParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const actor = actorOf(currentUser(request));
      const deleted = await ctx.writer.write(async ({ tx, touched }) => {
        touched('catalog');
        return deletePage(tx, actor, request.params.id, ctx.clock.now());
      });
      if (!deleted) throw new AppError('page_not_found', 'There is no page with this id.');
      setFlash(reply, `Deleted the page “${deleted.title}”.`);
      return reply.redirect('/admin/pages', 303);
    },
  );
};
