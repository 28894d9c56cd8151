import type { FastifyInstance } from 'fastify';
import type { SessionPolicy } from '../features/accounts/index.js';
import { accountRoutes } from '../features/accounts/index.js';
import { auditRoutes } from '../features/audit/index.js';
import { countFilms, registerAdminCatalog, registerCatalog } from '../features/catalog/index.js';
import { commentsFilmSection, commentsPlugin } from '../features/comments/index.js';
import { importAdmin } from '../features/importers/index.js';
import { registerLikeRoutes } from '../features/likes/index.js';
import {
  type MailWorker,
  mailAdminRoutes,
  mailCommenterData,
  notificationRoutes,
  replyMailRoutes,
} from '../features/mail/index.js';
import { registerPosterRoutes } from '../features/posters/index.js';
import { registerRatingRoutes } from '../features/ratings/index.js';
import { registerRelatedRoutes } from '../features/related/index.js';
import { registerSearch } from '../features/search/index.js';
import { registerSeoRoutes } from '../features/seo/index.js';
import { settingsRoutes } from '../features/settings/index.js';
import { spamCommentHooks, spamFormStamp } from '../features/spam/index.js';
import type { AppContext } from '../kernel/context.js';
import { ensureVisitor } from '../kernel/visitor.js';
import { catalogEngagement } from './catalog-engagement.js';
import { heldCommentMail, replyMail } from './mail-wiring.js';
import { uploadAccess } from './upload-access.js';

/** The route table at a glance: each feature registers its own routes. */
export async function registerRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  policy: SessionPolicy,
  mail: MailWorker,
): Promise<void> {
  const { stylesheet, favicon, islands } = ctx.assets;
  for (const asset of [stylesheet, favicon, islands]) {
    app.get(asset.href, async (_request, reply) =>
      reply.type(asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
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
      },
    },
    async (request, reply) => {
      const visitorId = ensureVisitor(request, reply);
      reply.header('cache-control', 'private, no-store');
      return { csrfToken: reply.generateCsrf(), visitor: visitorId };
    },
  );

  // Features that extend the film page register before the catalog renders it (order = order on the page).
  registerRatingRoutes(app, ctx);
  registerLikeRoutes(app, ctx);
  registerRelatedRoutes(app, ctx);
  // The spam filter plugs into commenting: its checks and form fields go to the comments feature, its signed
  // "form shown at" stamp to the pages going out.
  const replies = replyMail(ctx);
  const commentHooks = {
    ...spamCommentHooks({ ...ctx, log: app.log }),
    onStored: [heldCommentMail(ctx), replies.onStored],
    onApproved: [replies.onApproved],
    commenterData: [mailCommenterData],
  };
  ctx.formStamp = spamFormStamp(ctx);
  ctx.filmPageExtensions.push(commentsFilmSection({ ctx, hooks: commentHooks }));
  // The catalog's dependencies, explicit. filmSections and filmChangeListeners still come from ctx, where the
  // features above put them, until each feature exports its contribution for this table.
  const catalog = {
    ctx,
    engagement: catalogEngagement(),
    filmSections: ctx.filmPageExtensions,
    filmChangeListeners: ctx.filmChangeListeners,
  };
  await registerCatalog(app, catalog);
  registerSeoRoutes(app, ctx);
  registerPosterRoutes(app, ctx);
  registerSearch(app, ctx);

  // The admin area: every route declares its role (features/accounts/auth.plugin.ts enforces it).
  await app.register(accountRoutes, { ctx, policy, countFilms: () => countFilms(ctx.db) });
  await app.register(settingsRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(mailAdminRoutes, { ctx, mail });
  await app.register(notificationRoutes, { ctx });
  await app.register(replyMailRoutes, { ctx });
  await app.register(commentsPlugin, { ctx, hooks: commentHooks });
  const refuseUpload = uploadAccess(ctx);
  await registerAdminCatalog(app, { ...catalog, refuseUpload });
  await app.register(importAdmin, { ctx, refuseUpload });
}
