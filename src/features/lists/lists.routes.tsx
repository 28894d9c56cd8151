import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, FindFilm } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { dependsOn, keepPrivate } from '../../kernel/versions.js';
import { ensureVisitor, setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { listCsv } from './lists.csv.js';
import { memberByHandle, readFilmLists, readListPage, readMemberLists, viewOf } from './lists.read.js';
import { HandleParams, LikeForm, ListIdParams, MemberListParams, PageQuery } from './lists.schemas.js';
import { findListById, findMemberList, findSiteList, likeList, type StoredList, visibleTo } from './lists.service.js';
import { FilmListsPage, MemberListsPage } from './views/ListIndexes.js';
import { ListPage } from './views/ListPage.js';

export interface ListsDeps {
  ctx: AppContext;
  findFilm: FindFilm;
}

/** The lists as visitors read them: a list's page, a member's lists, a film's lists, the CSV download and likes. */
export const listPagesRoutes: FastifyPluginAsyncTypebox<ListsDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  // Shared by guests; a signed-in member (their "seen", the owner's controls) or a visitor who liked gets a fresh one.
  const anonymous = { pageCache: 'anonymous' as const };

  const showList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: StoredList | undefined,
    page: number,
  ) => {
    const member = request.member;
    const list = visibleTo(found, member?.id ?? null);
    const owner = member !== null && list.member_id === member.id;
    dependsOn(reply, `list:${list.id}`, ...(list.member_id === null ? [] : [`member:${list.member_id}` as const]));
    if (owner || list.visibility === 'private') keepPrivate(reply);
    const visitorId = member?.visitorId ?? request.visitorId;
    const data = await readListPage(ctx.db, list, page, { visitorId, member: member !== null });
    const view = viewOf(list);
    const head = {
      title: list.member_id === null ? list.title : `${list.title}, a list by ${list.owner_name}`,
      description: list.description.slice(0, 160) || `${list.entry_count} films`,
      canonicalPath: view.href + (page > 1 ? `?page=${page}` : ''),
      noindex: list.visibility !== 'public',
    };
    const flash = takeFlash(request, reply);
    return sendPage(reply, ctx, head, <ListPage list={view} {...data} page={page} owner={owner} flash={flash} />);
  };

  app.get(
    '/u/:handle/list/:slug',
    { config: anonymous, schema: { params: MemberListParams, querystring: PageQuery } },
    async (request, reply) => {
      const member = await memberByHandle(ctx.db, request.params.handle);
      const list = await findMemberList(ctx.db, member.id, request.params.slug);
      return showList(request, reply, list, request.query.page ?? 1);
    },
  );

  app.get(
    '/lists/:slug',
    { config: anonymous, schema: { params: SlugParams, querystring: PageQuery } },
    async (request, reply) =>
      showList(request, reply, await findSiteList(ctx.db, request.params.slug), request.query.page ?? 1),
  );

  app.get(
    '/u/:handle/lists',
    { config: anonymous, schema: { params: HandleParams, querystring: PageQuery } },
    async (request, reply) => {
      const member = await memberByHandle(ctx.db, request.params.handle);
      const own = request.member?.id === member.id;
      if (own) keepPrivate(reply);
      dependsOn(reply, `member-lists:${member.id}`, `member:${member.id}`);
      const page = request.query.page ?? 1;
      const { lists, hasMore } = await readMemberLists(ctx.db, member.id, own, page);
      const head = { title: `Lists by ${member.display_name}`, canonicalPath: `/u/${member.handle}/lists` };
      const body = (
        <MemberListsPage
          handle={member.handle}
          name={member.display_name}
          lists={lists}
          own={own}
          page={page}
          pageCount={page + (hasMore ? 1 : 0)}
          flash={takeFlash(request, reply)}
        />
      );
      return sendPage(reply, ctx, head, body);
    },
  );

  app.get(
    '/film/:slug/lists',
    { config: { pageCache: true }, schema: { params: SlugParams, querystring: PageQuery } },
    async (request, reply) => {
      const film = await findFilm(request.params.slug);
      if (!film) throw filmNotFound();
      // A public list adding or dropping the film touches the film's key (lists.service.ts); bulk ones `engagement`.
      dependsOn(reply, `film:${film.id}`, 'engagement');
      const page = request.query.page ?? 1;
      const { lists, pageCount } = await readFilmLists(ctx.db, film.id, page);
      const head = { title: `Lists with ${film.title}`, canonicalPath: `/film/${film.slug}/lists` };
      return sendPage(reply, ctx, head, <FilmListsPage film={film} lists={lists} page={page} pageCount={pageCount} />);
    },
  );

  const readable = async (request: FastifyRequest, id: number) =>
    visibleTo(await findListById(ctx.db, id), request.member?.id ?? null);

  app.get('/lists/:id/export.csv', { schema: { params: ListIdParams } }, async (request, reply) => {
    const list = await readable(request, request.params.id);
    reply.header('cache-control', 'private, no-store');
    reply.header('content-disposition', `attachment; filename="${list.slug}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(await listCsv(ctx.db, list));
  });

  app.post(
    '/lists/:id/like',
    { schema: { params: ListIdParams, body: LikeForm }, preHandler: guards },
    async (request, reply) => {
      const list = await readable(request, request.params.id);
      const visitorId = request.member?.visitorId ?? ensureVisitor(request, reply);
      const liked = request.body.liked === '1';
      await ctx.writer.write((uow) => likeList(uow, list, visitorId, liked, ctx.clock.now()));
      setFlash(reply, liked ? 'You like this list.' : 'Your like was removed.');
      return reply.redirect(viewOf(list).href, 303);
    },
  );
};
