import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createGroupCommit } from '../../db/group-commit.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { ensureVisitor, setFlash, writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import { getLikes, setLike } from './likes.service.js';
import { LikeWidget } from './views/LikeWidget.js';

const Params = SlugParams;
type Params = Static<typeof Params>;
const LikeForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  liked: Type.Union([Type.Literal('1'), Type.Literal('0')]),
});
type LikeForm = Static<typeof LikeForm>;
const LikeResponse = Type.Object({ likes: Type.Integer(), liked: Type.Boolean() });

export function registerLikeRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Likes given at the same moment share one transaction (decision 014).
  const commit = createGroupCommit(ctx.db);
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(ctx.db, slug);
    if (!film) throw new AppError('film_not_found', 'There is no film at this address.');
    return film;
  };

  ctx.filmPageExtensions.push(async (film, request) => ({
    slot: 'after-synopsis',
    node: <LikeWidget slug={film.slug} view={await getLikes(ctx.db, film.id, request.visitorId)} />,
  }));

  app.post<{ Params: Params; Body: LikeForm }>(
    '/film/:slug/like',
    { schema: { params: Params, body: LikeForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(request.params.slug);
      const visitorId = ensureVisitor(request, reply);
      const liked = request.body.liked === '1';
      await setLike(ctx.db, film.id, { visitorId, ipHash: request.ipHash }, liked, ctx.clock.now(), commit);
      ctx.versions.invalidate();
      setFlash(reply, liked ? 'You like this film.' : 'Your like was removed.');
      return reply.redirect(`/film/${film.slug}#like`, 303);
    },
  );

  for (const [method, liked] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Params: Params }>({
      method,
      url: '/api/v1/films/:slug/like',
      schema: {
        params: Params,
        response: { 200: LikeResponse },
        tags: ['likes'],
        summary: liked ? 'Like a film (idempotent)' : 'Remove your like (idempotent)',
      },
      preHandler: guards,
      handler: async (request, reply) => {
        const film = await filmOr404(request.params.slug);
        const visitorId = ensureVisitor(request, reply);
        const view = await setLike(
          ctx.db,
          film.id,
          { visitorId, ipHash: request.ipHash },
          liked,
          ctx.clock.now(),
          commit,
        );
        ctx.versions.invalidate();
        return view;
      },
    });
  }
}
