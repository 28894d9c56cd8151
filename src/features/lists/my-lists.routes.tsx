import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { currentMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { registerUploads } from '../../kernel/uploads.js';
import { setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { LIST_LIMITS, ListError, type ListInput } from './list.js';
import { registerEntryWrites } from './list-entries.routes.js';
import { importIntoList, readListFile } from './lists.csv.js';
import type { ListsDeps } from './lists.routes.js';
import { AddToListForm, CsrfForm, ListForm, ListIdParams } from './lists.schemas.js';
import {
  addFilm,
  createList,
  editList,
  hrefOf,
  listsHoldingFilm,
  listsOf,
  ownedList,
  ownerKeyOf,
  removeList,
  visibleKinds,
} from './lists.service.js';
import { AddToListPage, type FormProblem, ListFormPage, type ListFormValues } from './views/ListForms.js';

/** The form's fields as a list's input: an unknown visibility is refused by checkListInput, naming the field. */
export const inputOf = (body: {
  title?: string;
  description?: string;
  ranked?: string;
  visibility?: string;
}): ListInput => ({
  title: body.title ?? '',
  description: body.description ?? '',
  ranked: body.ranked === '1',
  visibility: (body.visibility ?? 'public') as ListInput['visibility'],
});

const problemOf = (error: unknown): FormProblem | null =>
  error instanceof ListError ? { field: error.field ?? '', message: error.message } : null;

/** A member's own lists: create, edit, delete, import; add, move, annotate and remove films. Private answers only. */
export const myListsRoutes: FastifyPluginAsyncTypebox<ListsDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    if (request.member) return;
    if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    currentMember(request);
  };
  const writes = [signedIn, ...guards];
  registerUploads(app, path.join(ctx.config.dataDir, 'uploads-tmp'), async (request) =>
    request.member ? null : new AppError('unauthorized', 'Sign in first.'),
  );
  const now = () => ctx.clock.now();
  const mine = (request: FastifyRequest, id: number) => ownedList(ctx.db, id, currentMember(request).id);

  const valuesOf = (l: {
    title: string;
    description: string;
    ranked: number;
    visibility: ListFormValues['visibility'];
  }) => ({
    title: l.title,
    description: l.description,
    ranked: l.ranked === 1,
    visibility: l.visibility,
  });
  const formPage = (
    reply: FastifyReply,
    list: { id: number; href: string } | null,
    values: ListFormValues,
    extra: { problem?: FormProblem; flash?: string | null; importReport?: string[] } = {},
  ) =>
    sendPage(
      reply,
      ctx,
      { title: list ? `Edit ${values.title}` : 'New list', noindex: true },
      <ListFormPage list={list} values={values} {...extra} />,
      extra.problem ? 400 : 200,
    );

  app.get('/my/lists', { preHandler: signedIn }, async (request, reply) =>
    reply.redirect(`/u/${currentMember(request).handle}/lists`, 303),
  );

  app.get('/my/lists/new', { preHandler: signedIn }, async (_request, reply) =>
    formPage(reply, null, { title: '', description: '', ranked: false, visibility: 'public' }),
  );

  app.post('/my/lists', { schema: { body: ListForm }, preHandler: writes }, async (request, reply) => {
    const member = currentMember(request);
    const input = inputOf(request.body);
    try {
      const created = await ctx.writer.write((uow) => createList(uow, { memberId: member.id }, input, now()));
      setFlash(reply, 'Your list is made. Add films from any film page with “Add to list”.');
      return reply.redirect(hrefOf({ slug: created.slug, owner_handle: member.handle, member_id: member.id }), 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return formPage(reply, null, { ...input }, { problem });
    }
  });

  app.get('/my/lists/:id/edit', { schema: { params: ListIdParams }, preHandler: signedIn }, async (request, reply) => {
    const list = await mine(request, request.params.id);
    return formPage(reply, { id: list.id, href: hrefOf(list) }, valuesOf(list), { flash: takeFlash(request, reply) });
  });

  app.post(
    '/my/lists/:id',
    { schema: { params: ListIdParams, body: ListForm }, preHandler: writes },
    async (request, reply) => {
      const list = await mine(request, request.params.id);
      const input = inputOf(request.body);
      try {
        const saved = await ctx.writer.write((uow) => editList(uow, list, input, now()));
        setFlash(reply, 'Saved.');
        return reply.redirect(hrefOf({ ...list, slug: saved.slug }), 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return formPage(reply, { id: list.id, href: hrefOf(list) }, input, { problem });
      }
    },
  );

  app.post(
    '/my/lists/:id/delete',
    { schema: { params: ListIdParams, body: CsrfForm }, preHandler: writes },
    async (request, reply) => {
      const list = await mine(request, request.params.id);
      await ctx.writer.write((uow) => removeList(uow, list));
      setFlash(reply, `“${list.title}” is deleted.`);
      return reply.redirect(`/u/${currentMember(request).handle}/lists`, 303);
    },
  );

  app.post(
    '/my/lists/:id/import',
    {
      schema: { params: ListIdParams, body: CsrfForm },
      config: { upload: { field: 'file', maxBytes: LIST_LIMITS.importBytes } },
      preHandler: writes,
    },
    async (request, reply) => {
      const list = await mine(request, request.params.id);
      const upload = request.upload;
      const href = { id: list.id, href: hrefOf(list) };
      const fail = (message: string) => formPage(reply, href, valuesOf(list), { problem: { field: 'file', message } });
      if (!upload?.path)
        return fail(
          upload?.tooLarge
            ? `The file is too large: at most ${LIST_LIMITS.importBytes / 1048576} MB.`
            : 'Choose a CSV file.',
        );
      try {
        const rows = await readListFile(ctx.db, await fs.promises.readFile(upload.path), upload.filename || 'list.csv');
        const report = await ctx.writer.write((uow) => importIntoList(uow, list, rows, now()));
        const message = `Imported: ${report.added} added, ${report.alreadyOn} already on the list, ${report.problems.length} not imported.`;
        return formPage(reply, href, valuesOf(list), { flash: message, importReport: report.problems });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return fail(problem.message);
      }
    },
  );

  registerEntryWrites(app, {
    prefix: '/my/lists',
    options: { preHandler: writes },
    load: mine,
    writer: ctx.writer,
    back: hrefOf,
    now,
  });

  // "Add to list" from a film page or a card: a page of its own, so the film page stays one cached page for everyone.
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(slug);
    if (!film) throw filmNotFound();
    return film;
  };
  const addPage = async (request: FastifyRequest, reply: FastifyReply, slug: string, problem?: FormProblem) => {
    const film = await filmOr404(slug);
    const member = currentMember(request);
    const ownerKey = ownerKeyOf({ memberId: member.id });
    const [lists, holding] = await Promise.all([
      listsOf(ctx.db, ownerKey, visibleKinds(true), LIST_LIMITS.listsPerMember, 0),
      listsHoldingFilm(ctx.db, ownerKey, film.id),
    ]);
    const choices = lists.map((l) => ({ id: l.id, title: l.title, hasFilm: holding.has(l.id) }));
    const year = 'year' in film ? (film.year as number | null) : null;
    return sendPage(
      reply,
      ctx,
      { title: `Add ${film.title} to a list`, noindex: true },
      <AddToListPage film={{ slug: film.slug, title: film.title, year }} lists={choices} problem={problem} />,
      problem ? 400 : 200,
    );
  };

  app.get('/film/:slug/add-to-list', { schema: { params: SlugParams }, preHandler: signedIn }, async (request, reply) =>
    addPage(request, reply, request.params.slug),
  );

  app.post(
    '/film/:slug/add-to-list',
    { schema: { params: SlugParams, body: AddToListForm }, preHandler: writes },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const member = currentMember(request);
      const body = request.body;
      try {
        const target = await ctx.writer.write(async (uow) => {
          const list =
            body.list === 'new'
              ? await ownedList(
                  uow.tx,
                  (await createList(uow, { memberId: member.id }, inputOf(body), now())).id,
                  member.id,
                )
              : await ownedList(uow.tx, Number(body.list), member.id);
          const added = await addFilm(uow, list, film.id, body.note ?? '', now());
          return { list, added };
        });
        setFlash(reply, target.added ? `Added to “${target.list.title}”.` : `Already on “${target.list.title}”.`);
        return reply.redirect(hrefOf(target.list), 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return addPage(request, reply, request.params.slug, problem);
      }
    },
  );
};
