import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionPolicy } from '../features/accounts/index.js';
import { accountRoutes } from '../features/accounts/index.js';
import { activityPlugin, activityPrivacySection, followBar } from '../features/activity/index.js';
import { auditRoutes } from '../features/audit/index.js';
import {
  countFilms,
  findFilm,
  registerAdminCatalog,
  registerCatalog,
  renderFilmPage,
} from '../features/catalog/index.js';
import { commentsFilmSection, commentsPlugin, countCommentsAwaitingModeration } from '../features/comments/index.js';
import {
  diaryApi,
  diaryFilmSection,
  diaryPrivacySection,
  diaryRoutes,
  profileRoutes,
  watchlistRoutes,
} from '../features/diary/index.js';
import { heldPostsRoutes, importAdmin, writeupFilmSection } from '../features/importers/index.js';
import { likesFilmSection, likesRoutes } from '../features/likes/index.js';
import {
  listsFilmSection,
  listsHomeSection,
  listsPlugin,
  listsPrivacySection,
  listsSearchGroup,
} from '../features/lists/index.js';
import {
  type MailWorker,
  mailAdminRoutes,
  mailCommenterData,
  notificationRoutes,
  replyMailRoutes,
} from '../features/mail/index.js';
import { historyPrivacySection, memberHistoryRoutes } from '../features/member-history/index.js';
import {
  memberApiPrivacySection,
  membersCommenterData,
  membersPlugin,
  membersPrivacySection,
  purgeUnconfirmedMembers,
} from '../features/members/index.js';
import { pagesRoutes } from '../features/pages/index.js';
import { registerPosterRoutes } from '../features/posters/index.js';
import { ratingsFilmSection, ratingsRoutes } from '../features/ratings/index.js';
import {
  QueueOnlyRelatedJobs,
  type RelatedJobs,
  RelatedThreadClient,
  RelatedWorker,
  relatedAfterImport,
  relatedFilmSection,
  relatedOnFilmChange,
  relatedRoutes,
  relatedThreadFile,
} from '../features/related/index.js';
import {
  MemberReviewsPreview,
  memberReviewsPreview,
  reviewsFilmSection,
  reviewsPlugin,
  reviewsPrivacySection,
} from '../features/reviews/index.js';
import { searchOnFilmChange, searchRoutes } from '../features/search/index.js';
import { seoRoutes } from '../features/seo/index.js';
import { settingsRoutes } from '../features/settings/index.js';
import { spamCommentHooks } from '../features/spam/index.js';
import { tagsFilmSection, tagsRoutes } from '../features/tags/index.js';
import type { AppContext, FilmChangeListener, FilmPageExtension } from '../kernel/context.js';
import { ApiErrorResponses } from '../kernel/schemas.js';
import { ensureVisitor } from '../kernel/visitor.js';
import { catalogEngagement } from './catalog-engagement.js';
import { encodedOnce, negotiate } from './compression.js';
import { heldCommentMail, replyMail } from './mail-wiring.js';
import { encodeStream } from './stream-encoding.js';
import { uploadAccess } from './upload-access.js';

/** The route table at a glance: each feature registers its own routes. */
export async function registerRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  {
    policy,
    mail,
    relatedPollMs,
    relatedThread,
  }: { policy: SessionPolicy; mail: MailWorker; relatedPollMs?: number; relatedThread?: boolean },
): Promise<void> {
  const { stylesheet, favicon, islands } = ctx.assets;
  for (const asset of [stylesheet, favicon, islands]) {
    app.get(asset.href, async (request, reply) => {
      reply.type(asset.contentType).header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('vary', 'accept-encoding');
      const encoding = negotiate(request.headers['accept-encoding'], ['br', 'gzip']);
      if (!encoding) return reply.send(asset.body);
      return reply.header('content-encoding', encoding).send(encodedOnce(asset.body, encoding, true));
    });
  }
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(favicon.href, 301));
  // For load balancers: answers 200 only while the database answers.
  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.versions.current();
      return { ok: true };
    } catch {
      return reply.status(503).send({ ok: false, error: { code: 'unavailable', message: 'database unreachable' } });
    }
  });

  // Scripts that write (votes, likes) get the visitor cookie and a CSRF token here, and send the token back in
  // an X-CSRF-Token header.
  app.get(
    '/api/v1/session',
    {
      schema: {
        summary: 'Start a visitor session: sets the visitor cookie, returns a CSRF token for writes',
        tags: ['session'],
        response: {
          200: Type.Object({ csrfToken: Type.String(), visitor: Type.String() }),
          ...ApiErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const visitorId = ensureVisitor(request, reply);
      reply.header('cache-control', 'private, no-store');
      return { csrfToken: reply.generateCsrf(), visitor: visitorId };
    },
  );

  // What each feature contributes to another, wired here and nowhere else: no feature mutates the context, and the
  // order of the lists below is the order on the page, not the order of registration.
  const films = { ctx, findFilm: (slug: string) => findFilm(ctx.db, slug) };
  // Related lists follow film writes through the queue in the database (decision 042): worked off in a thread of its
  // own when serving from the build, else in this thread in steps.
  const relatedErrors = (error: unknown) => app.log.error({ err: error }, 'related films: the queue worker failed');
  const threadFile = relatedThread ? relatedThreadFile() : undefined;
  let relatedWorker: RelatedJobs;
  if (!ctx.config.relatedWorker) {
    // RELATED_WORKER=off (decision 048): serve lists, hold no model; another instance or the CLI works the queue.
    relatedWorker = new QueueOnlyRelatedJobs(ctx.db, { clock: ctx.clock });
  } else if (threadFile) {
    relatedWorker = new RelatedThreadClient(
      ctx.db,
      threadFile,
      { database: ctx.config.database, pollMs: relatedPollMs ?? 0 },
      { clock: ctx.clock, onError: relatedErrors, onWritten: () => ctx.versions.invalidate() },
    );
  } else {
    const inProcess = new RelatedWorker(ctx.db, ctx.writer, { clock: ctx.clock, onError: relatedErrors });
    if (relatedPollMs) inProcess.start(relatedPollMs);
    relatedWorker = inProcess;
  }
  app.addHook('onClose', () => relatedWorker.stop());
  // The spam filter plugs into commenting: its checks and form fields go to the comments feature.
  // Mail hooks in too: moderators hear of held comments, subscribers of replies, and export/erase include mail.
  const replies = replyMail(ctx);
  const spamFilter = spamCommentHooks({ ...ctx, log: app.log });
  const commentHooks = {
    ...spamFilter,
    onStored: [heldCommentMail(ctx), replies.onStored],
    onApproved: [replies.onApproved, ...spamFilter.onApproved],
    commenterData: [mailCommenterData, membersCommenterData],
    privacySections: [
      membersPrivacySection,
      memberApiPrivacySection,
      reviewsPrivacySection,
      diaryPrivacySection,
      listsPrivacySection,
      activityPrivacySection,
      historyPrivacySection,
    ],
    // Members who never confirmed their address go with the hourly purge.
    onPurge: [(now: Date) => purgeUnconfirmedMembers(ctx, now).then(() => undefined)],
  };
  const showFilmPage = (request: FastifyRequest, reply: FastifyReply, slug: string, status: number) =>
    renderFilmPage(ctx, request, reply, slug, status, filmSections);
  const comments = { ctx, hooks: commentHooks, showFilmPage };
  // Reviews pass the comments' spam checks, and moderators' Spam / Not spam on them teach the same filter.
  const reviews = {
    ctx,
    hooks: { spamChecks: spamFilter.spamChecks, onVerdict: [spamFilter.learnFromTexts] },
    commentHooks,
  };
  const filmSections: FilmPageExtension[] = [
    ratingsFilmSection(ctx),
    likesFilmSection(ctx),
    diaryFilmSection(),
    reviewsFilmSection(reviews),
    relatedFilmSection(ctx),
    tagsFilmSection({ db: ctx.db }),
    listsFilmSection({ db: ctx.db }),
    writeupFilmSection({ db: ctx.db }),
    commentsFilmSection(comments),
  ];
  const filmChangeListeners: FilmChangeListener[] = [
    relatedOnFilmChange({ worker: relatedWorker, log: app.log }),
    searchOnFilmChange(ctx),
  ];
  const catalog = {
    ctx,
    engagement: catalogEngagement(),
    filmSections,
    filmChangeListeners,
    homeSections: [listsHomeSection({ db: ctx.db })],
  };

  await app.register(ratingsRoutes, films);
  await app.register(likesRoutes, films);
  // Watchlist, diary and profiles; the profile's "Recent reviews" part is the reviews feature's. Approving, editing
  // or liking a review touches `member:<author>`, which the profile page depends on, so the next request shows it.
  // The profile's follow line is the activity feature's (counts and a link: the same for everyone).
  const recentReviews = async (member: { id: number; handle: string }) =>
    MemberReviewsPreview({ handle: member.handle, reviews: await memberReviewsPreview(ctx.db, member.id) });
  const diary = { ...films, recentReviews, followBar: followBar(ctx.db) };
  for (const plugin of [watchlistRoutes, diaryRoutes, profileRoutes, diaryApi]) await app.register(plugin, diary);
  await app.register(relatedRoutes, { ...films, worker: relatedWorker, audienceRefresh: ctx.config.relatedWorker });
  await registerCatalog(app, catalog);
  await app.register(seoRoutes, { ctx, encodeStream });
  registerPosterRoutes(app, ctx);
  await app.register(searchRoutes, { ctx, groups: [listsSearchGroup({ db: ctx.db })] });
  await app.register(tagsRoutes, { ctx });

  // The admin area: every route declares its role (features/accounts/auth.plugin.ts enforces it).
  await app.register(accountRoutes, {
    ctx,
    policy,
    countFilms: () => countFilms(ctx.db),
    countPendingComments: () => countCommentsAwaitingModeration(ctx.db),
  });
  await app.register(settingsRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(mailAdminRoutes, { ctx, mail });
  await app.register(notificationRoutes, { ctx });
  await app.register(replyMailRoutes, { ctx });
  await app.register(commentsPlugin, comments);
  await app.register(reviewsPlugin, reviews);
  const refuseUpload = uploadAccess(ctx, policy);
  await registerAdminCatalog(app, { ...catalog, refuseUpload });
  await app.register(importAdmin, {
    ctx,
    refuseUpload,
    afterImport: relatedAfterImport({ worker: relatedWorker, log: app.log }),
  });
  await app.register(pagesRoutes, { ctx });
  // Members: /join, /login, /logout, /settings and /admin/members (decision 026).
  await app.register(membersPlugin, { ctx });
  // Lists (issue 17, decision 035): list pages, members' own lists, /admin/lists and the lists API.
  await app.register(listsPlugin, { ...films, commentHooks });
  // The activity feed, following and their API (decision 037).
  await app.register(activityPlugin, { ctx });
  // Importing one's history from Letterboxd, IMDb or Trakt, and the history export (decision 036).
  await app.register(memberHistoryRoutes, { ctx, reviewHooks: reviews.hooks });
  await app.register(heldPostsRoutes, { ctx, filmChangeListeners });
}
