import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { Id, SlugParams } from '../../kernel/schemas.js';
import { ensureVisitor, PERSONAL_COOKIES, setFlash, writeGuards } from '../../kernel/visitor.js';
import { isId, parseId } from '../../lib/ids.js';
import { findFilm, renderFilmPage } from '../catalog/index.js';
import type { FieldErrors } from './comment.js';
import { createCommentWriter } from './comment-writer.js';
import { countApproved, findComment } from './comments.repository.js';
import {
  type CommentHooks,
  type CommentNode,
  createCommentHooks,
  getFilmComments,
  postComment,
} from './comments.service.js';
import { type CommentFormState, CommentsSection } from './views/CommentsSection.js';

export const COMMENTER_COOKIE = 'rh_commenter';
const THREADS_PER_PAGE = 50;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a failed comment POST, so the re-rendered film page shows what was typed and what is wrong. */
    commentForm?: CommentFormState;
  }
}

const Params = SlugParams;
type Params = Static<typeof Params>;
const CommentForm = Type.Record(Type.String(), Type.String({ maxLength: 12_000 }));
const CommentBody = Type.Object({
  authorName: Type.String({ maxLength: 200 }),
  authorEmail: Type.String({ maxLength: 300 }),
  authorUrl: Type.Optional(Type.String({ maxLength: 400 })),
  body: Type.String({ maxLength: 12_000 }),
  parentId: Type.Optional(Type.Union([Id(), Type.Null()])),
  saveDetails: Type.Optional(
    Type.Boolean({ description: 'remember name, email and website in a cookie for next time' }),
  ),
  formExtras: Type.Optional(
    Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 500 }), {
      description: 'the extra hidden fields of the comment form (spam-filter tokens), as rendered',
    }),
  ),
});
type CommentBody = Static<typeof CommentBody>;

const CommentJson: ReturnType<typeof Type.Recursive> = Type.Recursive((This) =>
  Type.Object({
    id: Type.Integer(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    authorName: Type.String(),
    authorUrl: Type.Union([Type.String(), Type.Null()]),
    body: Type.String(),
    createdAt: Type.String(),
    status: Type.Optional(Type.Literal('pending')),
    replies: Type.Array(This),
  }),
);

interface CommentJsonShape {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: string;
  status?: 'pending';
  replies: CommentJsonShape[];
}

const toJson = (node: CommentNode): CommentJsonShape => ({
  id: node.id,
  parentId: node.parentId,
  authorName: node.authorName,
  authorUrl: node.authorUrl,
  body: node.body,
  createdAt: node.createdAt,
  ...(node.status === 'pending' ? { status: 'pending' as const } : {}),
  replies: node.replies.map(toJson),
});

interface SavedDetails {
  authorName: string;
  authorEmail: string;
  authorUrl: string;
}

function readSavedDetails(request: FastifyRequest): SavedDetails | null {
  const raw = request.cookies[COMMENTER_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const parsed = JSON.parse(unsigned.value) as Partial<SavedDetails>;
    return {
      authorName: String(parsed.authorName ?? ''),
      authorEmail: String(parsed.authorEmail ?? ''),
      authorUrl: String(parsed.authorUrl ?? ''),
    };
  } catch {
    return null;
  }
}

export function registerCommentRoutes(app: FastifyInstance, ctx: AppContext): CommentHooks {
  const hooks = createCommentHooks();
  const writer = createCommentWriter(ctx.db);
  PERSONAL_COOKIES.add(COMMENTER_COOKIE);
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const formExtras = () => Object.assign({}, ...hooks.formExtras.map((extra) => extra(ctx.clock.now())));

  ctx.filmPageExtensions.push(async (film, request) => {
    const settings = await ctx.settings();
    const query = request.query as Record<string, unknown>;
    const { threads, approvedCount, page, pageCount } = await getFilmComments(ctx.db, film.id, request.visitorId, {
      // A page number past any id is past the last page: page 1 is as good an answer as any.
      page: parseId(query.cpage) ?? 1,
      threadsPerPage: THREADS_PER_PAGE,
    });
    // A refused form's parentId is whatever was posted (2^31, say): only a real id may reach a query.
    const formParent = request.commentForm?.parentId;
    const replyId = parseId(query.replytocom) ?? (isId(formParent) ? formParent : null);
    const replyTarget = replyId ? await findComment(ctx.db, replyId) : undefined;
    const replyingTo =
      replyTarget && replyTarget.film_id === film.id && replyTarget.status === 'approved'
        ? { id: replyTarget.id, authorName: replyTarget.author_name }
        : null;
    const saved = readSavedDetails(request);
    const form: CommentFormState = request.commentForm ?? {
      values: {
        authorName: saved?.authorName ?? '',
        authorEmail: saved?.authorEmail ?? '',
        authorUrl: saved?.authorUrl ?? '',
        body: '',
        saveDetails: saved !== null,
      },
      errors: {},
      parentId: null,
    };
    return {
      slot: 'after-synopsis',
      node: (
        <CommentsSection
          slug={film.slug}
          filmTitle={film.title}
          threads={threads}
          approvedCount={approvedCount}
          page={page}
          pageCount={pageCount}
          maxDepth={settings.commentThreadDepth}
          form={form}
          replyingTo={replyingTo}
          extras={formExtras()}
        />
      ),
      movieJsonLd: { commentCount: approvedCount },
    };
  });

  async function handlePost(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    raw: Record<string, unknown>,
    extras: Record<string, string>,
  ) {
    const film = await findFilm(ctx.db, slug);
    if (!film) throw new AppError('film_not_found', 'There is no film at this address.');
    const visitorId = ensureVisitor(request, reply);
    const result = await postComment(
      ctx.db,
      {
        settings: await ctx.settings(),
        hooks,
        writer,
        now: ctx.clock.now(),
        flood: {
          perVisitorPerMinute: ctx.config.engagement.commentsPerVisitorPerMinute,
          perIpPerMinute: ctx.config.engagement.commentsPerIpPerMinute,
        },
      },
      film.id,
      raw,
      { visitorId, ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '', ip: request.ip },
      extras,
    );
    // Only an approved comment moved the content version; re-reading it after a held one would find it unchanged.
    if (result.ok && result.status === 'approved') ctx.versions.invalidate();
    return { film, result };
  }

  // The JavaScript-off path: POST, then back to the film (or the same page with errors beside the fields).
  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/film/:slug/comments',
    { schema: { params: Params, body: CommentForm }, preHandler: guards },
    async (request, reply) => {
      const extras: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.body)) {
        if (!['authorName', 'authorEmail', 'authorUrl', 'body', 'parentId', 'saveDetails', '_csrf'].includes(key)) {
          extras[key] = value;
        }
      }
      const { film, result } = await handlePost(request, reply, request.params.slug, request.body, extras);
      const saveDetails = request.body.saveDetails === '1';
      if (!result.ok && result.kind === 'invalid') {
        request.commentForm = {
          values: { ...result.input, saveDetails },
          errors: result.errors,
          parentId: result.input.parentId,
        };
        return renderFilmPage(ctx, request, reply, film.slug, 400);
      }
      if (!result.ok && result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `You are commenting very fast. Please wait ${result.retryAfterS} seconds.`);
      }
      if (!result.ok) {
        setFlash(reply, 'You already posted this comment.');
        return reply.redirect(`/film/${film.slug}#comment-${result.existingId}`, 303);
      }
      rememberDetails(request, reply, saveDetails, request.body);
      const messages: Record<string, string> = {
        approved: 'Thanks! Your comment is published.',
        pending: 'Thanks! Your comment is awaiting moderation.',
        spam: 'Thanks! Your comment is awaiting moderation.',
        trash: 'Thanks! Your comment is awaiting moderation.',
      };
      setFlash(reply, messages[result.status]!);
      const anchor = result.status === 'approved' || result.status === 'pending' ? `comment-${result.id}` : 'comments';
      return reply.redirect(`/film/${film.slug}#${anchor}`, 303);
    },
  );

  app.get<{ Params: Params }>(
    '/api/v1/films/:slug/comments',
    {
      schema: {
        summary: "A film's approved comments, threaded; the caller's own pending comments are included, marked",
        tags: ['comments'],
        params: Params,
        response: { 200: Type.Object({ items: Type.Array(CommentJson), count: Type.Integer() }) },
      },
    },
    async (request) => {
      const film = await findFilm(ctx.db, request.params.slug);
      if (!film) throw new AppError('film_not_found', `No film "${request.params.slug}".`);
      const { threads } = await getFilmComments(ctx.db, film.id, request.visitorId, {
        page: 1,
        threadsPerPage: 100_000,
      });
      return { items: threads.map(toJson), count: await countApproved(ctx.db, film.id) };
    },
  );

  app.post<{ Params: Params; Body: CommentBody }>(
    '/api/v1/films/:slug/comments',
    {
      schema: {
        summary: 'Post a comment (or a reply, with parentId); answers with its id and status',
        tags: ['comments'],
        params: Params,
        body: CommentBody,
        response: { 201: Type.Object({ id: Type.Integer(), status: Type.String() }) },
      },
      preHandler: guards,
    },
    async (request, reply) => {
      const { formExtras, saveDetails, ...fields } = request.body;
      const { result } = await handlePost(request, reply, request.params.slug, fields, formExtras ?? {});
      if (result.ok) {
        rememberDetails(request, reply, saveDetails === true, fields);
        return reply.status(201).send({ id: result.id, status: result.status === 'approved' ? 'approved' : 'pending' });
      }
      if (result.kind === 'invalid') return sendFieldErrors(reply, result.errors);
      if (result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `Too many comments; wait ${result.retryAfterS} seconds.`);
      }
      return reply
        .status(409)
        .send({ error: { code: 'duplicate_comment', message: 'You already posted this comment.' } });
    },
  );

  return hooks;
}

/** The "Save my name, email, and website" cookie: set when ticked, removed when unticked. */
function rememberDetails(
  request: FastifyRequest,
  reply: FastifyReply,
  save: boolean,
  fields: { authorName?: string; authorEmail?: string; authorUrl?: string },
) {
  if (save) {
    const details = JSON.stringify({
      authorName: fields.authorName?.trim() ?? '',
      authorEmail: fields.authorEmail?.trim() ?? '',
      authorUrl: fields.authorUrl?.trim() ?? '',
    });
    reply.setCookie(COMMENTER_COOKIE, details, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      signed: true,
      maxAge: 365 * 24 * 3600,
    });
  } else if (request.cookies[COMMENTER_COOKIE]) {
    reply.clearCookie(COMMENTER_COOKIE, { path: '/' });
  }
}

function sendFieldErrors(reply: FastifyReply, errors: FieldErrors) {
  const fields = Object.fromEntries(Object.entries(errors));
  return reply.status(400).send({
    error: { code: 'invalid_field', message: Object.values(fields).join(' '), fields },
  });
}
