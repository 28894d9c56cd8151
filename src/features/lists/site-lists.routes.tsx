import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import { filmNotFound } from '../../kernel/errors.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf, recordAudit } from '../audit/index.js';
import { LIST_LIMITS, ListError } from './list.js';
import { registerEntryWrites } from './list-entries.routes.js';
import { readListPage, viewOf } from './lists.read.js';
import type { ListsDeps } from './lists.routes.js';
import { CsrfForm, ListForm, ListIdParams, PageQuery } from './lists.schemas.js';
import { addFilm, createList, editList, hrefOf, listsOf, removeList, siteList } from './lists.service.js';
import { inputOf } from './my-lists.routes.js';
import type { FormProblem, ListFormValues } from './views/ListForms.js';
import { SiteListEntriesAdminPage, SiteListsAdminPage } from './views/SiteListsAdmin.js';

const AddFilmForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  film: Type.String({ minLength: 1, maxLength: 300 }),
});

/** `/admin/lists`: the site's own lists (Staff picks, Best of 2023), shown on the home page when public. Admins only. */
export const siteListsRoutes: FastifyPluginAsyncTypebox<ListsDeps> = async (app, { ctx, findFilm }) => {
  const config = { role: 'admin' as const };
  const now = () => ctx.clock.now();
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { editing?: number; values?: ListFormValues; problem?: FormProblem } = {},
  ) => {
    const rows = await listsOf(ctx.db, 'site', ['public', 'unlisted', 'private'], LIST_LIMITS.listsPerMember, 0);
    const lists = rows.map((l) => ({
      id: l.id,
      title: l.title,
      href: hrefOf(l),
      entryCount: l.entry_count,
      visibility: l.visibility,
      values: { title: l.title, description: l.description, ranked: l.ranked === 1, visibility: l.visibility },
    }));
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/lists',
      title: 'Site lists',
      status: extra.problem ? 400 : 200,
      body: <SiteListsAdminPage lists={lists} values={extra.values} problem={extra.problem} editing={extra.editing} />,
    });
  };
  const audited =
    (request: FastifyRequest, action: string, targetId: number, summary: string) =>
    (tx: Parameters<typeof recordAudit>[0]) =>
      recordAudit(tx, actorOf(currentUser(request)), { action, targetType: 'list', targetId, summary }, now());

  app.get('/admin/lists', { config }, async (request, reply) => show(request, reply));

  app.get(
    '/admin/lists/:id',
    { config, schema: { params: ListIdParams, querystring: PageQuery } },
    async (request, reply) => {
      const list = await siteList(ctx.db, request.params.id);
      const page = request.query.page ?? 1;
      const data = await readListPage(ctx.db, list, page, { visitorId: null, memberId: null });
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/lists',
        title: list.title,
        body: (
          <SiteListEntriesAdminPage list={viewOf(list)} entries={data.entries} page={page} pageCount={data.pageCount} />
        ),
      });
    },
  );

  // The member list's entry writes (lists.service), for admins on site lists, each recorded in the audit log.
  registerEntryWrites(app, {
    prefix: '/admin/lists',
    options: { config },
    load: (_request, id) => siteList(ctx.db, id),
    writer: ctx.writer,
    also: (uow, request, list, change) =>
      audited(request, `list.${change.action}-film`, list.id, change.summary)(uow.tx),
    back: (list) => `/admin/lists/${list.id}`,
    now,
  });

  app.post('/admin/lists', { config, schema: { body: ListForm } }, async (request, reply) => {
    const input = inputOf(request.body);
    try {
      await ctx.writer.write(async (uow) => {
        const created = await createList(uow, 'site', input, now());
        await audited(request, 'list.create', created.id, `Created the site list “${input.title.trim()}”`)(uow.tx);
      });
    } catch (error) {
      if (!(error instanceof ListError)) throw error;
      return show(request, reply, { values: input, problem: { field: error.field ?? '', message: error.message } });
    }
    setFlash(reply, `“${input.title.trim()}” is made.`);
    return reply.redirect('/admin/lists', 303);
  });

  app.post('/admin/lists/:id', { config, schema: { params: ListIdParams, body: ListForm } }, async (request, reply) => {
    const list = await siteList(ctx.db, request.params.id);
    const input = inputOf(request.body);
    try {
      await ctx.writer.write(async (uow) => {
        await editList(uow, list, input, now());
        await audited(request, 'list.update', list.id, `Edited the site list “${input.title.trim()}”`)(uow.tx);
      });
    } catch (error) {
      if (!(error instanceof ListError)) throw error;
      return show(request, reply, {
        editing: list.id,
        values: input,
        problem: { field: error.field ?? '', message: error.message },
      });
    }
    setFlash(reply, 'Saved.');
    return reply.redirect('/admin/lists', 303);
  });

  app.post(
    '/admin/lists/:id/films',
    { config, schema: { params: ListIdParams, body: AddFilmForm } },
    async (request, reply) => {
      const list = await siteList(ctx.db, request.params.id);
      // The film's address or its slug, as an admin copies it from the film page.
      const slug = request.body.film
        .trim()
        .replace(/^.*\/film\//, '')
        .replace(/[/?#].*$/, '');
      const film = await findFilm(slug);
      if (!film) throw filmNotFound({ slug });
      const added = await ctx.writer.write(async (uow) => {
        const done = await addFilm(uow, list, film.id, '', now());
        if (done) await audited(request, 'list.add-film', list.id, `Added “${film.title}” to “${list.title}”`)(uow.tx);
        return done;
      });
      setFlash(
        reply,
        added ? `Added “${film.title}” to “${list.title}”.` : `“${film.title}” is already on “${list.title}”.`,
      );
      return reply.redirect('/admin/lists', 303);
    },
  );

  app.post(
    '/admin/lists/:id/delete',
    { config, schema: { params: ListIdParams, body: CsrfForm } },
    async (request, reply) => {
      const list = await siteList(ctx.db, request.params.id);
      await ctx.writer.write(async (uow) => {
        await removeList(uow, list);
        await audited(request, 'list.delete', list.id, `Deleted the site list “${list.title}”`)(uow.tx);
      });
      setFlash(reply, `“${list.title}” is deleted.`);
      return reply.redirect('/admin/lists', 303);
    },
  );
};
