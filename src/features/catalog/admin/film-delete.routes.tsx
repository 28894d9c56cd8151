import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import { IdParams } from '../../../kernel/schemas.js';
import { currentUser } from '../../../kernel/staff.js';
import { setFlash } from '../../../kernel/visitor.js';
import { actorOf } from '../../audit/index.js';
import type { CatalogDeps } from '../catalog.deps.js';
import { removeFilm } from './film-writes.service.js';
import { requireFilmForEdit } from './films.service.js';
import { DeleteFilmPage } from './views/DeleteFilmPage.js';

/** Deleting a film: a confirmation page stating what goes with it, then the delete. */
export const filmDeleteRoutes: FastifyPluginAsyncTypebox<CatalogDeps> = async (app, deps) => {
  const { ctx, engagement } = deps;
  const admin = { role: 'admin' as const };

  app.get('/admin/films/:id/delete', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const film = await requireFilmForEdit(ctx.db, request.params.id);
    const removed = await engagement.dependents(ctx.db, film.id);
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/films',
      title: `Delete “${film.title}”?`,
      body: <DeleteFilmPage film={film} removed={removed} />,
    });
  });

  app.post('/admin/films/:id/delete', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const writes = {
      writer: ctx.writer,
      posterDir: ctx.config.posterDir,
      now: () => ctx.clock.now(),
      filmChangeListeners: deps.filmChangeListeners,
      log: request.log,
    };
    const deleted = await removeFilm(writes, request.params.id, actorOf(currentUser(request)), engagement.dependents);
    const { ratings, likes, comments } = deleted.removed;
    setFlash(
      reply,
      `Deleted “${deleted.title}” with ${ratings} rating(s), ${likes} like(s) and ${comments} comment(s).`,
    );
    return reply.redirect('/admin/films', 303);
  });
};
