import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import type { SignedInMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { dependsOn } from '../../kernel/versions.js';
import { ensureVisitor, setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import { reviewFormPath, reviewPath } from './review.js';
import { reviewFeed } from './review-feed.js';
import { reviewFloodGuard } from './review-flood.js';
import { memberReviews, ownReviewOf, publicReview, starsOf } from './review-pages.service.js';
import { repliesTo, replyToReview } from './review-replies.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { FilmHandleParams, HandleParams, LikeForm, PageQuery, ReplyForm, ReviewForm } from './reviews.schemas.js';
import { deleteOwnReview, likeReview, saveReview } from './reviews.service.js';
import { MemberReviewsPage } from './views/MemberReviewsPage.js';
import { ReviewFormPage, type ReviewFormState } from './views/ReviewFormPage.js';
import { type ReplyFormState, ReviewPage, reviewJsonLd } from './views/ReviewPage.js';

const PAGE_SIZE = 20;
/** Room for a review well past the limit, so the answer can name the limit rather than a generic size error. */
export const REVIEW_BODY_LIMIT = 2 * 1024 * 1024;

/** The review pages: write/edit/delete one's review, a review's own page and its likes, a member's reviews. */
export const reviewPageRoutes: FastifyPluginAsyncTypebox<ReviewsDeps> = async (app, { ctx, hooks, commentHooks }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(ctx.db, slug);
    if (!film) throw filmNotFound();
    return film;
  };
  const flood = reviewFloodGuard(ctx);
  const toLogin = (reply: FastifyReply, next: string) => reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    film: { id: number; slug: string; title: string },
    member: SignedInMember,
    form: ReviewFormState | null,
    status = 200,
  ) => {
    const existing = await ownReviewOf(ctx.db, film.id, member.id);
    const stars = await starsOf(ctx.db, film.id, member.visitorId);
    reply.header('cache-control', 'private, no-store');
    return sendPage(
      reply,
      ctx,
      { title: `Your review of ${film.title}`, noindex: true },
      <ReviewFormPage
        film={film}
        handle={member.handle}
        confirmed={member.confirmed}
        stars={stars}
        existing={existing}
        form={form ?? { body: existing?.body ?? '', spoiler: existing?.spoiler ?? false }}
        flash={takeFlash(request, reply)}
        extras={commentHooks.formExtras}
      />,
      status,
    );
  };

  app.get('/film/:slug/review', { schema: { params: SlugParams } }, async (request, reply) => {
    const film = await filmOr404(request.params.slug);
    if (!request.member) return toLogin(reply, reviewFormPath(film.slug));
    return showForm(request, reply, film, request.member, null);
  });

  app.post(
    '/film/:slug/review',
    { schema: { params: SlugParams, body: ReviewForm }, preHandler: [...guards, flood], bodyLimit: REVIEW_BODY_LIMIT },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const member = request.member;
      if (!member) return toLogin(reply, reviewFormPath(film.slug));
      if (!member.confirmed) return showForm(request, reply, film, member, null, 403);
      const { _csrf, body, spoiler, ...formExtras } = request.body;
      const result = await saveReview(
        ctx.db,
        { writer: ctx.writer, settings: await ctx.settings(), hooks, now: ctx.clock.now() },
        film.id,
        member,
        { body, spoiler },
        { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '', ip: request.ip, formExtras },
      );
      if (!result.ok) {
        // What was typed comes back (up to the limit, so a megabyte is not echoed), with the problem beside it.
        const form = {
          body: result.input.body.slice(0, 20_000),
          spoiler: result.input.spoiler,
          error: result.problem.message,
        };
        return showForm(request, reply, film, member, form, result.problem.tooLarge ? 413 : 400);
      }
      setFlash(
        reply,
        result.status === 'approved'
          ? result.created
            ? 'Your review is published.'
            : 'Your review is saved.'
          : 'Thank you: your review is awaiting moderation.',
      );
      return reply.redirect(
        result.status === 'approved' ? reviewPath(film.slug, member.handle) : reviewFormPath(film.slug),
        303,
      );
    },
  );

  app.post(
    '/film/:slug/review/delete',
    { schema: { params: SlugParams }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      if (!request.member) return toLogin(reply, reviewFormPath(film.slug));
      const deleted = await deleteOwnReview(ctx.writer, film.id, request.member.id);
      setFlash(reply, deleted ? 'Your review was deleted.' : 'You had no review of this film.');
      return reply.redirect(`/film/${film.slug}#reviews`, 303);
    },
  );

  const showReviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    film: { id: number; slug: string; title: string },
    handle: string,
    replyForm?: ReplyFormState,
  ) => {
    const review = await publicReview(ctx.db, film.id, handle);
    const author = review.author!;
    if (author.handle !== handle) return reply.redirect(reviewPath(film.slug, author.handle), 301);
    // Its likes and approved replies arrive under the film's key; moderation of replies under `comments`.
    dependsOn(reply, `film:${film.id}`, `member:${review.memberId}`, 'comments');
    return sendPage(
      reply,
      ctx,
      {
        title: `${author.displayName} on ${film.title}`,
        description: `A review of ${film.title} by ${author.displayName}`,
        canonicalPath: reviewPath(film.slug, author.handle),
        jsonLd: [reviewJsonLd(review, ctx.config.publicUrl)],
      },
      <ReviewPage
        review={review}
        authorId={review.memberId}
        flash={takeFlash(request, reply)}
        replies={await repliesTo(ctx.db, review.id)}
        extras={commentHooks.formExtras}
        replyForm={replyForm}
      />,
      replyForm ? 400 : 200,
    );
  };

  app.get(
    '/film/:slug/reviews/:handle',
    { config: { pageCache: true }, schema: { params: FilmHandleParams } },
    async (request, reply) =>
      showReviewPage(request, reply, await filmOr404(request.params.slug), request.params.handle),
  );

  app.post(
    '/film/:slug/reviews/:handle/replies',
    { schema: { params: FilmHandleParams, body: ReplyForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const review = await publicReview(ctx.db, film.id, request.params.handle);
      const { _csrf, authorName, authorEmail, authorUrl, body, ...extras } = request.body;
      const fields = {
        authorName: authorName ?? '',
        authorEmail: authorEmail ?? '',
        authorUrl: authorUrl ?? '',
        body: body ?? '',
      };
      const result = await replyToReview(
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
        { filmId: film.id, reviewId: review.id },
        request.member,
        fields,
        {
          visitorId: ensureVisitor(request, reply),
          ipHash: request.ipHash,
          userAgent: request.headers['user-agent'] ?? '',
          ip: request.ip,
        },
        extras,
      );
      const path = reviewPath(film.slug, request.params.handle);
      if (result.ok) {
        setFlash(
          reply,
          result.status === 'approved' ? 'Your reply is published.' : 'Thank you: your reply is awaiting moderation.',
        );
        return reply.redirect(`${path}#replies`, 303);
      }
      if (result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `Too many comments; wait ${result.retryAfterS} seconds.`);
      }
      if (result.kind === 'duplicate') {
        setFlash(reply, 'You already posted this reply.');
        return reply.redirect(`${path}#replies`, 303);
      }
      const errors = Object.fromEntries(Object.entries(result.errors).filter((e): e is [string, string] => !!e[1]));
      return showReviewPage(request, reply, film, request.params.handle, { values: fields, errors });
    },
  );

  app.post(
    '/film/:slug/reviews/:handle/like',
    { schema: { params: FilmHandleParams, body: LikeForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const path = reviewPath(film.slug, request.params.handle);
      if (!request.member) return toLogin(reply, path);
      const review = await publicReview(ctx.db, film.id, request.params.handle);
      const liked = request.body.liked === '1';
      const result = await likeReview(ctx.writer, review.id, request.member.id, liked, ctx.clock.now());
      if (!result) throw new AppError('forbidden', 'You cannot like your own review.');
      setFlash(reply, liked ? 'You like this review.' : 'Your like was taken back.');
      return reply.redirect(`${path}#like`, 303);
    },
  );

  app.get(
    '/u/:handle/reviews',
    { config: { pageCache: true }, schema: { params: HandleParams, querystring: PageQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1;
      const list = await memberReviews(ctx.db, request.params.handle, page, PAGE_SIZE);
      dependsOn(reply, `member:${list.member.id}`, 'comments');
      const base = `/u/${encodeURIComponent(list.member.handle)}/reviews`;
      return sendPage(
        reply,
        ctx,
        {
          title: `Reviews by ${list.member.displayName}`,
          canonicalPath: page > 1 ? `${base}?page=${page}` : base,
          feeds: [
            { title: `Reviews by ${list.member.displayName}`, href: `${base}.xml`, type: 'application/atom+xml' },
          ],
        },
        <MemberReviewsPage member={list.member} reviews={list.reviews} page={page} hasMore={list.hasMore} />,
      );
    },
  );

  app.get(
    '/u/:handle/reviews.xml',
    { config: { pageCache: true }, schema: { params: HandleParams } },
    async (request, reply) => {
      const list = await memberReviews(ctx.db, request.params.handle, 1, 50);
      return reply
        .type('application/atom+xml; charset=utf-8')
        .send(reviewFeed(ctx.config.publicUrl, (await ctx.chrome()).siteTitle, list.member, list.reviews));
    },
  );
};
