import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorBody, ApiErrorResponses, SlugParams } from '../../kernel/schemas.js';
import type { CatalogDeps } from './catalog.deps.js';
import { FilmDetail, FilmList, FilmListQuery, Moved, TermList } from './catalog.schemas.js';
import { listCategories, listGenres } from './catalog.service.js';
import { getFilmDetail, listFilmsPage } from './catalog-api.service.js';

/** The catalog's JSON API: films (a page at a time, or one), categories, genres. */
export const catalogApi: FastifyPluginAsyncTypebox<CatalogDeps> = async (app, { ctx, engagement }) => {
  app.get(
    '/api/v1/films',
    {
      schema: {
        summary: 'List films, filtered and sorted, a page at a time',
        tags: ['catalog'],
        querystring: FilmListQuery,
        response: { 200: FilmList, 400: ApiErrorBody, 404: ApiErrorBody },
      },
    },
    async (request) => listFilmsPage(ctx.db, engagement, request.query),
  );

  app.get(
    '/api/v1/films/:slug',
    {
      schema: {
        summary: 'One film with its people, categories, genres, rating, likes and comment count',
        tags: ['catalog'],
        params: SlugParams,
        response: { 200: FilmDetail, 301: Moved, 400: ApiErrorBody, 404: ApiErrorBody },
      },
    },
    async (request, reply) => {
      const result = await getFilmDetail(ctx.db, engagement, request.params.slug, ctx.config.publicUrl);
      if ('redirectTo' in result) return reply.redirect(`/api/v1/films/${result.redirectTo}`, 301);
      return result.film;
    },
  );

  const termList = { tags: ['catalog'], response: { 200: TermList, ...ApiErrorResponses } };
  app.get(
    '/api/v1/categories',
    { schema: { summary: 'Every category with its film count', ...termList } },
    async () => ({
      items: await listCategories(ctx.db),
    }),
  );
  app.get('/api/v1/genres', { schema: { summary: 'Every genre with its film count', ...termList } }, async () => ({
    items: await listGenres(ctx.db),
  }));
};
