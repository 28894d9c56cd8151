import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { IdParams, OptionalIdText } from '../../../kernel/schemas.js';
import { currentUser } from '../../../kernel/staff.js';
import { setFlash } from '../../../kernel/visitor.js';
import { actorOf } from '../../audit/index.js';
import {
  discardPreparedPoster,
  installPoster,
  MAX_POSTER_BYTES,
  PosterError,
  type PreparedPoster,
  preparePoster,
  removePosterFiles,
  tooLargeMessage,
} from '../../posters/index.js';
import { notifyFilmChange } from './film-changes.js';
import {
  type FilmFormProblems,
  type FilmFormValues,
  type FormBody,
  readFilmForm,
  validateFilmForm,
  valuesOf,
} from './film-form.js';
import { setFilmPosterKey } from './films.repository.js';
import {
  CatalogEditError,
  createFilm,
  deleteFilm,
  getFilmDependents,
  getFilmForEdit,
  listFilmsForAdmin,
  setFilmPoster,
  updateFilm,
} from './films.service.js';
import { listCategoryTree, listGenresInOrder } from './terms.service.js';
import { discardUpload } from './uploads.js';
import { DeleteFilmPage } from './views/DeleteFilmPage.js';
import { FilmForm, type FilmFormProps } from './views/FilmForm.js';
import { FilmListPage } from './views/FilmListPage.js';

const PAGE_SIZE = 50;
const digits = OptionalIdText;
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(digits),
  genre: Type.Optional(digits),
  decade: Type.Optional(digits),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const FormFields = Type.Record(
  Type.String(),
  Type.Union([Type.String({ maxLength: 30_000 }), Type.Array(Type.String({ maxLength: 30_000 }), { maxItems: 2000 })]),
);
type Id = { Params: Static<typeof IdParams> };
const POSTER_UPLOAD = { field: 'poster', maxBytes: MAX_POSTER_BYTES };
const optionalNumber = (text: string | undefined) => (text ? Number(text) : undefined);

/**
 * The uploaded poster checked and resized, before the database transaction opens (sharp takes a moment), or the
 * problem to show next to the poster field. Nothing chosen: null.
 */
async function takePoster(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ prepared: PreparedPoster | null; problem?: string; status?: number }> {
  const upload = request.upload;
  if (!upload) return { prepared: null };
  if (upload.tooLarge || !upload.path) {
    await discardUpload(request);
    return { prepared: null, problem: tooLargeMessage(), status: 413 };
  }
  try {
    const { posterMaxPixels: maxPixels, posterMaxAspectRatio: maxAspectRatio } = ctx.config.limits;
    return { prepared: await preparePoster(ctx.config.posterDir, upload.path, { maxPixels, maxAspectRatio }) };
  } catch (error) {
    if (error instanceof PosterError) return { prepared: null, problem: error.message, status: error.status };
    throw error;
  } finally {
    // The resized copies are all that is kept; the upload itself goes now rather than after the response.
    await discardUpload(request);
  }
}

export function registerFilmAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = { role: 'admin' as const };
  const choices = async () => {
    const [categories, genres] = await Promise.all([listCategoryTree(ctx.db), listGenresInOrder(ctx.db)]);
    return { categories, genres };
  };
  const latestYear = () => ctx.clock.now().getUTCFullYear() + 5;

  const sendForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: FilmFormValues; problems?: FilmFormProblems; status?: number; film?: FilmFormProps['film'] },
  ) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/films',
      title: form.film ? `Edit “${form.film.title}”` : 'Add a film',
      status: form.status,
      body: (
        <FilmForm
          action={form.film ? `/admin/films/${form.film.id}` : '/admin/films'}
          values={form.values}
          problems={form.problems}
          {...(await choices())}
          latestYear={latestYear()}
          maxPosterMb={MAX_POSTER_BYTES / 1024 / 1024}
          film={form.film}
        />
      ),
    });

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/admin/films',
    { config: admin, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const query = request.query;
      const filter = {
        q: query.q?.trim() || undefined,
        categoryId: optionalNumber(query.category),
        genreId: optionalNumber(query.genre),
        decade: optionalNumber(query.decade),
      };
      const [list, terms] = await Promise.all([
        listFilmsForAdmin(ctx.db, filter, query.page ?? 1, PAGE_SIZE),
        choices(),
      ]);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/films',
        title: 'Films',
        body: <FilmListPage {...list} {...terms} filter={filter} />,
      });
    },
  );

  app.get('/admin/films/new', { config: admin }, async (request, reply) =>
    sendForm(request, reply, { values: readFilmForm({}) }),
  );

  app.post<{ Body: FormBody }>(
    '/admin/films',
    { config: { ...admin, upload: POSTER_UPLOAD }, schema: { body: FormFields } },
    async (request, reply) => {
      const values = readFilmForm(request.body);
      const checked = validateFilmForm(values, latestYear());
      const poster = await takePoster(ctx, request);
      const problems: FilmFormProblems = { ...checked.problems, ...(poster.problem ? { poster: poster.problem } : {}) };
      if (!checked.edit || poster.problem) {
        if (poster.prepared) await discardPreparedPoster(poster.prepared);
        return sendForm(request, reply, { values, problems, status: poster.status ?? 400 });
      }
      const edit = checked.edit;
      let installed: string | null = null;
      try {
        const created = await ctx.db.transaction().execute((trx) =>
          createFilm(trx, edit, actorOf(currentUser(request)), ctx.clock.now(), async (filmId) => {
            if (!poster.prepared) return;
            installed = await installPoster(ctx.config.posterDir, filmId, poster.prepared);
            await setFilmPosterKey(trx, filmId, installed, ctx.clock.now().toISOString());
          }),
        );
        ctx.versions.invalidate();
        await notifyFilmChange(ctx, request.log, { filmId: created.id, kind: 'created' });
        setFlash(reply, `Added “${edit.title}” at /film/${created.slug}.`);
        return reply.redirect(`/admin/films/${created.id}`, 303);
      } catch (error) {
        // The transaction rolled back: files already moved into place belong to no film.
        await removePosterFiles(ctx.config.posterDir, installed);
        if (poster.prepared) await discardPreparedPoster(poster.prepared);
        if (error instanceof CatalogEditError)
          return sendForm(request, reply, {
            values,
            problems: { [error.field ?? 'title']: error.message },
            status: 400,
          });
        throw error;
      }
    },
  );

  const loadFilm = async (id: number) => {
    const film = await getFilmForEdit(ctx.db, id);
    if (!film) throw new AppError('film_not_found', 'There is no film with this id; it may have been deleted.');
    return film;
  };

  app.get<Id>('/admin/films/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const film = await loadFilm(request.params.id);
    return sendForm(request, reply, { values: valuesOf(film), film });
  });

  app.post<Id & { Body: FormBody }>(
    '/admin/films/:id',
    { config: { ...admin, upload: POSTER_UPLOAD }, schema: { params: IdParams, body: FormFields } },
    async (request, reply) => {
      const id = request.params.id;
      const film = await loadFilm(id);
      const values = readFilmForm(request.body);
      const checked = validateFilmForm(values, latestYear());
      const poster = await takePoster(ctx, request);
      const problems: FilmFormProblems = { ...checked.problems, ...(poster.problem ? { poster: poster.problem } : {}) };
      if (!checked.edit || poster.problem) {
        if (poster.prepared) await discardPreparedPoster(poster.prepared);
        return sendForm(request, reply, { values, problems, status: poster.status ?? 400, film });
      }
      const edit = checked.edit;
      const removePoster = request.body.removePoster === '1' && film.posterKey !== null;
      let installed: string | null = null;
      try {
        const actor = actorOf(currentUser(request));
        const result = await ctx.db.transaction().execute(async (trx) => {
          const now = ctx.clock.now();
          const updated = await updateFilm(trx, id, edit, actor, now);
          let oldPoster: string | null = null;
          if (poster.prepared) {
            installed = await installPoster(ctx.config.posterDir, id, poster.prepared);
            oldPoster = (await setFilmPoster(trx, id, installed, actor, now))?.previous ?? null;
          } else if (removePoster) {
            oldPoster = (await setFilmPoster(trx, id, null, actor, now))?.previous ?? null;
          }
          return { updated, oldPoster };
        });
        ctx.versions.invalidate();
        // Only once the new key is committed can the old files go: until then pages still point at them.
        if (result.oldPoster !== installed) await removePosterFiles(ctx.config.posterDir, result.oldPoster);
        const { updated } = result;
        const posterChanged = poster.prepared !== null || removePoster;
        if (updated && (updated.changed.length || posterChanged)) {
          await notifyFilmChange(ctx, request.log, { filmId: id, kind: 'updated' });
        }
        const moved = updated && updated.slug !== updated.previousSlug;
        setFlash(
          reply,
          !updated || (updated.changed.length === 0 && !posterChanged)
            ? 'Nothing changed.'
            : `Saved.${moved ? ` /film/${updated.previousSlug} now redirects to /film/${updated.slug}.` : ''}`,
        );
        return reply.redirect(`/admin/films/${id}`, 303);
      } catch (error) {
        if (installed && installed !== film.posterKey) await removePosterFiles(ctx.config.posterDir, installed);
        if (poster.prepared) await discardPreparedPoster(poster.prepared);
        if (error instanceof CatalogEditError)
          return sendForm(request, reply, {
            values,
            problems: { [error.field ?? 'title']: error.message },
            status: 400,
            film,
          });
        throw error;
      }
    },
  );

  app.get<Id>('/admin/films/:id/delete', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const film = await loadFilm(request.params.id);
    const removed = await getFilmDependents(ctx.db, film.id);
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/films',
      title: `Delete “${film.title}”?`,
      body: <DeleteFilmPage film={film} removed={removed} />,
    });
  });

  app.post<Id>('/admin/films/:id/delete', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const id = request.params.id;
    const deleted = await ctx.db
      .transaction()
      .execute((trx) => deleteFilm(trx, id, actorOf(currentUser(request)), ctx.clock.now()));
    if (!deleted) throw new AppError('film_not_found', 'There is no film with this id; it may have been deleted.');
    ctx.versions.invalidate();
    await removePosterFiles(ctx.config.posterDir, deleted.posterKey);
    await notifyFilmChange(ctx, request.log, { filmId: id, kind: 'deleted' });
    const { ratings, likes, comments } = deleted.removed;
    setFlash(
      reply,
      `Deleted “${deleted.title}” with ${ratings} rating(s), ${likes} like(s) and ${comments} comment(s).`,
    );
    return reply.redirect('/admin/films', 303);
  });
}
