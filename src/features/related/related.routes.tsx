import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { readVersions } from '../../db/site-state.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { findFilm } from '../catalog/index.js';
import { getRelatedFilms } from './related.service.js';
import { RelatedUpdater } from './related.updater.js';
import { RelatedSection } from './views/RelatedSection.js';

const Params = SlugParams;
type Params = Static<typeof Params>;
const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 12, description: 'how many, at most 50' })),
});
type Query = Static<typeof Query>;
const RelatedItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  score: Type.Number({ description: 'higher is closer; comparable within one film’s list' }),
  reasons: Type.Array(Type.String(), { description: 'why it is related, strongest first' }),
});

/** The "Check Also" film and six more: what the film page shows. */
const ON_PAGE = 7;
/** Likes and votes change slowly; their part of the lists is refreshed this often, when any changed. */
const AUDIENCE_REFRESH_MS = 15 * 60 * 1000;

export function registerRelatedRoutes(app: FastifyInstance, ctx: AppContext): RelatedUpdater {
  const updater = new RelatedUpdater(ctx.db, () => ctx.versions.invalidate());

  ctx.filmPageExtensions.push(async (film) => ({
    slot: 'after-synopsis',
    node: <RelatedSection films={await getRelatedFilms(ctx.db, film.id, ON_PAGE)} />,
  }));

  ctx.filmChangeListeners.push(async (change) => {
    const { ms, listsWritten } = await updater.apply(change);
    app.log.debug({ filmId: change.filmId, kind: change.kind, ms, listsWritten }, 'related films updated');
  });

  let seenEngagement: string | undefined;
  const timer = setInterval(() => {
    void (async () => {
      const engagement = (await readVersions(ctx.db)).match(/version:engagement=([^&]*)/)?.[1];
      if (engagement === undefined || engagement === seenEngagement) return;
      seenEngagement = engagement;
      await updater.refreshAudience();
    })().catch((error: unknown) => app.log.error({ err: error }, 'related films: audience refresh failed'));
  }, AUDIENCE_REFRESH_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get<{ Params: Params; Querystring: Query }>(
    '/api/v1/films/:slug/related',
    {
      schema: {
        summary: 'Films related to this one, best first, each with the reasons it is related',
        tags: ['catalog'],
        params: Params,
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(RelatedItem) }) },
      },
    },
    async (request) => {
      const film = await findFilm(ctx.db, request.params.slug);
      if (!film) throw new AppError('film_not_found', `No film "${request.params.slug}".`);
      const rows = await getRelatedFilms(ctx.db, film.id, request.query.limit ?? 12);
      return { items: rows.map(({ synopsis: _, ...item }) => item) };
    },
  );
  return updater;
}
