import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, FindFilm } from '../../kernel/context.js';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { dependsOn, keepPrivate } from '../../kernel/versions.js';
import { ensureVisitor, setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import type { CommentHooks } from '../comments/index.js';
import { commentOnList, commentsOnList } from './list-comments.service.js';
import { listCsv } from './lists.csv.js';
import { memberByHandle, readFilmLists, readListPage, readMemberLists, viewOf } from './lists.read.js';
import { CommentForm, HandleParams, LikeForm, ListIdParams, MemberListParams, PageQuery } from './lists.schemas.js';
import { findListById, findMemberList, findSiteList, likeList, type StoredList, visibleTo } from './lists.service.js';
import type { ListCommentForm } from './views/ListComments.js';
import { FilmListsPage, MemberListsPage } from './views/ListIndexes.js';
import { ListPage } from './views/ListPage.js';

export interface ListsDeps {
  ctx: AppContext;
  findFilm: FindFilm;
  /** The comments feature's hooks (spam checks, mail), as every comment form gets them: comments on lists use them. */
  commentHooks: CommentHooks;
}

/** The lists as visitors read them: a list's page, a member's lists, a film's lists, the CSV download and likes. */
export const listPagesRoutes: FastifyPluginAsyncTypebox<ListsDeps> = async (app, { ctx, findFilm, commentHooks }) => {
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
    commentForm?: ListCommentForm,
  ) => {
    const member = request.member;
    const list = visibleTo(found, member?.id ?? null);
    const owner = member !== null && list.member_id === member.id;
    // Approved comments arrive under the list's key; a moderator's decisions under `comments`.
    dependsOn(
      reply,
      `list:${list.id}`,
      'comments',
      ...(list.member_id === null ? [] : [`member:${list.member_id}` as const]),
    );
    if (owner || list.visibility === 'private') keepPrivate(reply);
    const visitorId = member?.visitorId ?? request.visitorId;
    const [data, comments] = await Promise.all([
      readListPage(ctx.db, list, page, { visitorId, memberId: member?.id ?? null }),
      commentsOnList(ctx.db, list.id),
    ]);
    const view = viewOf(list);
    const head = {
      title: list.member_id === null ? list.title : `${list.title}, a list by ${list.owner_name}`,
      description: list.description.slice(0, 160) || `${list.entry_count} films`,
      canonicalPath: view.href + (page > 1 ? `?page=${page}` : ''),
      noindex: list.visibility !== 'public',
    };
    const flash = takeFlash(request, reply);
    const body = (
      <ListPage
        list={view}
        {...data}
        page={page}
        owner={owner}
        flash={flash}
        comments={comments}
        extras={commentHooks.formExtras}
        commentForm={commentForm}
      />
    );
    return sendPage(reply, ctx, head, body, commentForm ? 400 : 200);
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

  // A list's address by id (the moderation queue links comments on lists here): to its page, if the visitor may see it.
  app.get('/list/:id', { schema: { params: ListIdParams } }, async (request, reply) =>
    reply.redirect(viewOf(await readable(request, request.params.id)).href, 303),
  );

  app.post(
    '/lists/:id/comments',
    { schema: { params: ListIdParams, body: CommentForm }, preHandler: guards },
    async (request, reply) => {
      const list = await readable(request, request.params.id);
      const { _csrf, authorName, authorEmail, body, ...extras } = request.body;
      const fields = { authorName: authorName ?? '', authorEmail: authorEmail ?? '', body: body ?? '' };
      const result = await commentOnList(
        ctx.db,
        {
          writer: ctx.writer,
          settings: await ctx.settings(),
          hooks: commentHooks,
          now: ctx.clock.now(),
          flood: {
            perVisitorPerMinute: ctx.config.engagement.commentsPerVisitorPerMinute,
            perIpPerMinute: ctx.config.engagement.commentsPerIpPerMinute,
          },
        },
        list.id,
        request.member,
        fields,
        {
          visitorId: request.member?.visitorId ?? ensureVisitor(request, reply),
          ipHash: request.ipHash,
          userAgent: request.headers['user-agent'] ?? '',
          ip: request.ip,
        },
        extras,
      );
      const path = `${viewOf(list).href}#comments`;
      if (result.ok) {
        setFlash(
          reply,
          result.status === 'approved'
            ? 'Your comment is published.'
            : 'Thank you: your comment is awaiting moderation.',
        );
        return reply.redirect(path, 303);
      }
      if (result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `Too many comments; wait ${result.retryAfterS} seconds.`);
      }
      if (result.kind === 'duplicate') {
        setFlash(reply, 'You already posted this comment.');
        return reply.redirect(path, 303);
      }
      const errors = Object.fromEntries(Object.entries(result.errors).filter((e): e is [string, string] => !!e[1]));
      return showList(request, reply, list, 1, { values: fields, errors });
    },
  );
};
