import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { currentMember } from '../../kernel/member.js';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { LIST_LIMITS } from './list.js';
import { memberByHandle, readMemberLists } from './lists.read.js';
import type { ListsDeps } from './lists.routes.js';
import {
  EntryInputBody,
  EntryJson,
  EntryParams,
  EntryUpdateBody,
  HandleParams,
  ListIdParams,
  ListInputBody,
  ListJson,
  ListWithEntriesJson,
  PageQuery,
} from './lists.schemas.js';
import {
  addFilm,
  createList,
  editList,
  entriesPage,
  findEntry,
  findFilmBrief,
  findListById,
  hrefOf,
  type ListRow,
  listsOf,
  moveFilm,
  noteFilm,
  ownedList,
  ownerKeyOf,
  rankOf,
  removeFilm,
  removeList,
  type StoredList,
  visibleTo,
} from './lists.service.js';

const tags = ['lists'];
const NoContent = Type.Null();
const limitsText = `At most ${LIST_LIMITS.listsPerMember} lists per member, ${LIST_LIMITS.entriesPerList} films per list, titles of ${LIST_LIMITS.titleChars} characters, descriptions of ${LIST_LIMITS.descriptionChars}, notes of ${LIST_LIMITS.noteChars}; entries come ${LIST_LIMITS.pageSize} a page.`;

const listJson = (l: ListRow) => ({
  id: l.id,
  slug: l.slug,
  title: l.title,
  description: l.description,
  ranked: l.ranked === 1,
  visibility: l.visibility,
  entryCount: l.entry_count,
  likeCount: l.like_count,
  url: hrefOf(l),
  owner: l.member_id === null ? null : { handle: l.owner_handle ?? '', displayName: l.owner_name ?? '' },
  updatedAt: l.updated_at,
});

/** The lists API: a member's own lists (session cookie, X-CSRF-Token on writes) and anyone's public ones. */
export const listsApiRoutes: FastifyPluginAsyncTypebox<ListsDeps> = async (app, { ctx }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const member = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    currentMember(request);
  };
  const writes = [member, ...guards];
  const now = () => ctx.clock.now();
  const mine = (request: FastifyRequest, id: number) => ownedList(ctx.db, id, currentMember(request).id);

  const withEntries = async (list: StoredList, page: number) => {
    const size = LIST_LIMITS.pageSize;
    const pageCount = Math.max(1, Math.ceil(list.entry_count / size));
    const rows = await entriesPage(ctx.db, list.id, size, (page - 1) * size);
    return {
      list: listJson(list),
      entries: rows.map((r, i) => ({
        position: (page - 1) * size + i + 1,
        film: { id: r.film_id, slug: r.slug, title: r.title, year: r.year },
        note: r.note,
        addedAt: r.added_at,
      })),
      page,
      pageCount,
    };
  };

  app.get(
    '/api/v1/me/lists',
    {
      schema: {
        tags,
        summary: 'Your lists, newest change first (public, unlisted and private)',
        description: limitsText,
        querystring: PageQuery,
        response: { 200: Type.Object({ lists: Type.Array(ListJson) }), ...ApiErrorResponses },
      },
      preHandler: member,
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const key = ownerKeyOf({ memberId: currentMember(request).id });
      const rows = await listsOf(
        ctx.db,
        key,
        ['public', 'unlisted', 'private'],
        LIST_LIMITS.pageSize,
        (page - 1) * LIST_LIMITS.pageSize,
      );
      return { lists: rows.map(listJson) };
    },
  );

  app.post(
    '/api/v1/me/lists',
    {
      schema: {
        tags,
        summary: 'Create a list',
        description: limitsText,
        body: ListInputBody,
        response: { 201: ListJson, ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request, reply) => {
      const owner = { memberId: currentMember(request).id };
      const b = request.body;
      const input = {
        title: b.title,
        description: b.description ?? '',
        ranked: b.ranked ?? false,
        visibility: b.visibility ?? 'public',
      };
      const created = await ctx.writer.write((uow) => createList(uow, owner, input, now()));
      const list = await findListById(ctx.db, created.id);
      return reply.status(201).send(listJson(list!));
    },
  );

  app.get(
    '/api/v1/me/lists/:id',
    {
      schema: {
        tags,
        summary: 'One of your lists with a page of its films',
        params: ListIdParams,
        querystring: PageQuery,
        response: { 200: ListWithEntriesJson, ...ApiErrorResponses },
      },
      preHandler: member,
    },
    async (request) => withEntries(await mine(request, request.params.id), request.query.page ?? 1),
  );

  app.patch(
    '/api/v1/me/lists/:id',
    {
      schema: {
        tags,
        summary: 'Change a list’s title, description, ranking or visibility',
        params: ListIdParams,
        body: Type.Partial(ListInputBody),
        response: { 200: ListJson, ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request) => {
      const list = await mine(request, request.params.id);
      const b = request.body;
      const input = {
        title: b.title ?? list.title,
        description: b.description ?? list.description,
        ranked: b.ranked ?? list.ranked === 1,
        visibility: b.visibility ?? list.visibility,
      };
      await ctx.writer.write((uow) => editList(uow, list, input, now()));
      return listJson((await findListById(ctx.db, list.id))!);
    },
  );

  app.delete(
    '/api/v1/me/lists/:id',
    {
      schema: {
        tags,
        summary: 'Delete a list and its entries',
        params: ListIdParams,
        response: { 204: NoContent, ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request, reply) => {
      const list = await mine(request, request.params.id);
      await ctx.writer.write((uow) => removeList(uow, list));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/lists/:id/entries',
    {
      schema: {
        tags,
        summary: 'Add a film at the end of a list (idempotent: adding it again changes nothing)',
        params: ListIdParams,
        body: EntryInputBody,
        response: { 200: Type.Object({ added: Type.Boolean() }), ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request) => {
      const list = await mine(request, request.params.id);
      const film = await findFilmBrief(ctx.db, request.body.filmId);
      if (!film) throw new AppError('film_not_found', `There is no film with id ${request.body.filmId}.`, 'filmId');
      const added = await ctx.writer.write((uow) => addFilm(uow, list, film.id, request.body.note ?? '', now()));
      return { added };
    },
  );

  app.patch(
    '/api/v1/me/lists/:id/entries/:filmId',
    {
      schema: {
        tags,
        summary: 'Move a film to a position (1-based) and/or change its note',
        params: EntryParams,
        body: EntryUpdateBody,
        response: { 200: EntryJson, ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request) => {
      const list = await mine(request, request.params.id);
      const { filmId } = request.params;
      const { position, note } = request.body;
      await ctx.writer.write(async (uow) => {
        if (note !== undefined) await noteFilm(uow, list, filmId, note, now());
        if (position !== undefined) await moveFilm(uow, list, filmId, position, now());
        if (note === undefined && position === undefined && !(await findEntry(uow.tx, list.id, filmId)))
          throw new AppError('not_found', 'That film is not on this list.');
      });
      const entry = (await findEntry(ctx.db, list.id, filmId))!;
      const film = (await findFilmBrief(ctx.db, filmId))!;
      return {
        position: await rankOf(ctx.db, list.id, entry.position, filmId),
        film,
        note: entry.note,
        addedAt: entry.added_at,
      };
    },
  );

  app.delete(
    '/api/v1/me/lists/:id/entries/:filmId',
    {
      schema: {
        tags,
        summary: 'Remove a film from a list',
        params: EntryParams,
        response: { 204: NoContent, ...ApiErrorResponses },
      },
      preHandler: writes,
    },
    async (request, reply) => {
      const list = await mine(request, request.params.id);
      const removed = await ctx.writer.write((uow) => removeFilm(uow, list, request.params.filmId, now()));
      if (!removed) throw new AppError('not_found', 'That film is not on this list.');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/:handle/lists',
    {
      schema: {
        tags,
        summary: 'A member’s public lists',
        params: HandleParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            lists: Type.Array(
              Type.Object({
                id: Type.Integer(),
                title: Type.String(),
                url: Type.String(),
                entryCount: Type.Integer(),
                likeCount: Type.Integer(),
              }),
            ),
          }),
          ...ApiErrorResponses,
        },
      },
    },
    async (request) => {
      const owner = await memberByHandle(ctx.db, request.params.handle);
      const { lists } = await readMemberLists(ctx.db, owner.id, false, request.query.page ?? 1);
      return {
        lists: lists.map((l) => ({
          id: l.id,
          title: l.title,
          url: l.href,
          entryCount: l.entryCount,
          likeCount: l.likeCount,
        })),
      };
    },
  );

  app.get(
    '/api/v1/lists/:id',
    {
      schema: {
        tags,
        summary: 'A public or unlisted list with a page of its films (private lists answer 404)',
        params: ListIdParams,
        querystring: PageQuery,
        response: { 200: ListWithEntriesJson, ...ApiErrorResponses },
      },
    },
    async (request) => {
      const list = visibleTo(await findListById(ctx.db, request.params.id), request.member?.id ?? null);
      return withEntries(list, request.query.page ?? 1);
    },
  );
};
