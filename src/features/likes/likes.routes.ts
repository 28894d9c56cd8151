import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext, FindFilm } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';
import { ApiErrorResponses, SlugParams } from '../../kernel/schemas.js';
import { ensureVisitor, setFlash, writeGuards } from '../../kernel/visitor.js';
import { setLike } from './likes.service.js';

const LikeForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  liked: Type.Union([Type.Literal('1'), Type.Literal('0')]),
});
const LikeResponse = Type.Object({ likes: Type.Integer(), liked: Type.Boolean() });

/** What the likes routes are given: the app context (read-only) and the catalog's film lookup. */
export interface LikesDeps {
  ctx: AppContext;
  findFilm: FindFilm;
}

/** A visitor's like of a film: the HTML form (JavaScript off) and the JSON API the like island uses. */
export const likesRoutes: FastifyPluginAsyncTypebox<LikesDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(slug);
    if (!film) throw filmNotFound();
    return film;
  };
  // Likes given at the same moment share one transaction (decision 014).
  const like = (request: FastifyRequest, visitorId: string, filmId: number, liked: boolean) => {
    const voter = { visitorId, ipHash: request.ipHash };
    const now = ctx.clock.now();
    return ctx.writer.writeGrouped(async (uow) => {
      const { view, changed } = await setLike(uow.tx, filmId, voter, liked, now);
      // The film's page shows the count; lists sorted by likes may move.
      if (changed) {
        uow.touched(`film:${filmId}`);
        uow.touched('likes');
      }
      return view;
    });
  };

  app.post(
    '/film/:slug/like',
    { schema: { params: SlugParams, body: LikeForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const liked = request.body.liked === '1';
      await like(request, ensureVisitor(request, reply), film.id, liked);
      setFlash(reply, liked ? 'You like this film.' : 'Your like was removed.');
      return reply.redirect(`/film/${film.slug}#like`, 303);
    },
  );

  for (const [method, liked] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/films/:slug/like',
      schema: {
        params: SlugParams,
        response: { 200: LikeResponse, ...ApiErrorResponses },
        tags: ['likes'],
        summary: liked ? 'Like a film (idempotent)' : 'Remove your like (idempotent)',
      },
      preHandler: guards,
      handler: async (request, reply) => {
        const film = await filmOr404(request.params.slug);
        return like(request, ensureVisitor(request, reply), film.id, liked);
      },
    });
  }
};
