import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext, FindFilm } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';
import { startScheduledJob } from '../../kernel/schedule.js';
import { ApiErrorResponses, SlugParams } from '../../kernel/schemas.js';
import { getRelatedFilms } from './related.service.js';
import type { RelatedJobs } from './related.worker.js';

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 12, description: 'how many, at most 50' })),
});
const RelatedItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  score: Type.Number({ description: 'higher is closer; comparable within one film’s list' }),
  reasons: Type.Array(Type.String(), { description: 'why it is related, strongest first' }),
});

/** Likes and votes change slowly; their part of the lists is refreshed this often, when any changed. */
const AUDIENCE_REFRESH_MS = 15 * 60 * 1000;

/** What the related routes are given: the app context (read-only), the film lookup, and the process's worker. */
export interface RelatedDeps {
  ctx: AppContext;
  findFilm: FindFilm;
  worker: RelatedJobs;
  /** Take part in the scheduled audience refresh: only instances that work the queue (RELATED_WORKER) have a model. */
  audienceRefresh?: boolean;
}

/** The related films API, and the periodic refresh of the audience part of the lists while the app runs. */
export const relatedRoutes: FastifyPluginAsyncTypebox<RelatedDeps> = async (
  app,
  { ctx, findFilm, worker, audienceRefresh = true },
) => {
  let seenEngagement: string | undefined;
  // Once per period across every instance that works the queue (decision 030); the one that claims it skips the work
  // when no vote or like changed since it last looked.
  const refresh =
    audienceRefresh &&
    startScheduledJob(
      {
        db: ctx.db,
        clock: ctx.clock,
        onError: (error) => app.log.error({ err: error }, 'related films: audience refresh failed'),
      },
      {
        name: 'related.audience-refresh',
        everyMs: AUDIENCE_REFRESH_MS,
        run: async () => {
          const engagement = (await ctx.versions.current()).match(/version:engagement=([^&]*)/)?.[1];
          if (engagement === undefined || engagement === seenEngagement) return;
          seenEngagement = engagement;
          await worker.refreshAudience();
        },
      },
    );
  app.addHook('onClose', async () => {
    if (refresh) await refresh.stop();
  });

  app.get(
    '/api/v1/films/:slug/related',
    {
      schema: {
        summary: 'Films related to this one, best first, each with the reasons it is related',
        tags: ['catalog'],
        params: SlugParams,
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(RelatedItem) }), ...ApiErrorResponses },
      },
    },
    async (request) => {
      const film = await findFilm(request.params.slug);
      if (!film) throw filmNotFound({ slug: request.params.slug });
      const rows = await getRelatedFilms(ctx.db, film.id, request.query.limit ?? 12);
      return { items: rows.map(({ synopsis: _, ...item }) => item) };
    },
  );
};
