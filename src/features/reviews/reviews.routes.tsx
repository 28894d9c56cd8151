import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import type { SignedInMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { dependsOn } from '../../kernel/versions.js';
import { setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import { reviewFormPath, reviewPath } from './review.js';
import { reviewFeed } from './review-feed.js';
import { memberReviews, ownReviewOf, publicReview, starsOf } from './review-pages.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { FilmHandleParams, HandleParams, LikeForm, PageQuery, ReviewForm } from './reviews.schemas.js';
import { deleteOwnReview, likeReview, saveReview } from './reviews.service.js';
import { MemberReviewsPage } from './views/MemberReviewsPage.js';
import { ReviewFormPage, type ReviewFormState } from './views/ReviewFormPage.js';
import { ReviewPage, reviewJsonLd } from './views/ReviewPage.js';

const PAGE_SIZE = 20;
/** Room for a review well past the limit, so the answer can name the limit rather than a generic size error. */
export const REVIEW_BODY_LIMIT = 2 * 1024 * 1024;

/** The review pages: write/edit/delete one's review, a review's own page and its likes, a member's reviews. */
export const reviewPageRoutes: FastifyPluginAsyncTypebox<ReviewsDeps> = async (app, { ctx, hooks }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(ctx.db, slug);
    if (!film) throw filmNotFound();
    return film;
  };
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
    { schema: { params: SlugParams, body: ReviewForm }, preHandler: guards, bodyLimit: REVIEW_BODY_LIMIT },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const member = request.member;
      if (!member) return toLogin(reply, reviewFormPath(film.slug));
      if (!member.confirmed) return showForm(request, reply, film, member, null, 403);
      const result = await saveReview(
        ctx.db,
        { writer: ctx.writer, settings: await ctx.settings(), hooks, now: ctx.clock.now() },
        film.id,
        member,
        request.body,
        { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '', ip: request.ip },
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

  app.get(
    '/film/:slug/reviews/:handle',
    { config: { pageCache: true }, schema: { params: FilmHandleParams } },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const review = await publicReview(ctx.db, film.id, request.params.handle);
      const author = review.author!;
      if (author.handle !== request.params.handle) return reply.redirect(reviewPath(film.slug, author.handle), 301);
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
        <ReviewPage review={review} flash={takeFlash(request, reply)} />,
      );
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
