import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import { OptionalIdText } from '../../../kernel/schemas.js';
import type { CatalogDeps } from '../catalog.deps.js';
import { listFilmsForAdmin } from './films.service.js';
import { getFilmChoices } from './terms.service.js';
import { FilmListPage } from './views/FilmListPage.js';

const PAGE_SIZE = 50;
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(OptionalIdText),
  genre: Type.Optional(OptionalIdText),
  decade: Type.Optional(OptionalIdText),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const optionalNumber = (text: string | undefined) => (text ? Number(text) : undefined);

/** The admin's film list: search by title, filter by category, genre and decade. */
export const filmListRoutes: FastifyPluginAsyncTypebox<CatalogDeps> = async (app, { ctx }) => {
  app.get('/admin/films', { config: { role: 'admin' }, schema: { querystring: ListQuery } }, async (request, reply) => {
    const query = request.query;
    const filter = {
      q: query.q?.trim() || undefined,
      categoryId: optionalNumber(query.category),
      genreId: optionalNumber(query.genre),
      decade: optionalNumber(query.decade),
    };
    const [list, terms] = await Promise.all([
      listFilmsForAdmin(ctx.db, filter, query.page ?? 1, PAGE_SIZE),
      getFilmChoices(ctx.db),
    ]);
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/films',
      title: 'Films',
      body: <FilmListPage {...list} {...terms} filter={filter} />,
    });
  });
};
