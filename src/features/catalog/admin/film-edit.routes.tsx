import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import { IdParams } from '../../../kernel/schemas.js';
import { currentUser } from '../../../kernel/staff.js';
import { setFlash } from '../../../kernel/visitor.js';
import { actorOf } from '../../audit/index.js';
import { discardPreparedPoster, MAX_POSTER_BYTES } from '../../posters/index.js';
import type { CatalogDeps } from '../catalog.deps.js';
import { type FilmFormProblems, type FilmFormValues, readFilmForm, validateFilmForm, valuesOf } from './film-form.js';
import { POSTER_UPLOAD, takePoster } from './film-poster-upload.js';
import { addFilm, editFilm, type FilmWriteDeps } from './film-writes.service.js';
import { CatalogEditError, requireFilmForEdit } from './films.service.js';
import { getFilmChoices } from './terms.service.js';
import { FilmForm, type FilmFormProps } from './views/FilmForm.js';

const FormFields = Type.Record(
  Type.String(),
  Type.Union([Type.String({ maxLength: 30_000 }), Type.Array(Type.String({ maxLength: 30_000 }), { maxItems: 2000 })]),
);

type FormState = { values: FilmFormValues; problems?: FilmFormProblems; status?: number; film?: FilmFormProps['film'] };

/** Adding a film and editing one: the form, and saving it with its poster. */
export const filmEditRoutes: FastifyPluginAsyncTypebox<CatalogDeps> = async (app, deps) => {
  const { ctx } = deps;
  const admin = { role: 'admin' as const };
  const withPoster = { ...admin, upload: POSTER_UPLOAD };
  const latestYear = () => ctx.clock.now().getUTCFullYear() + 5;
  const writes = (request: FastifyRequest): FilmWriteDeps => ({
    writer: ctx.writer,
    posterDir: ctx.config.posterDir,
    now: () => ctx.clock.now(),
    filmChangeListeners: deps.filmChangeListeners,
    log: request.log,
  });

  const sendForm = async (request: FastifyRequest, reply: FastifyReply, form: FormState) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/films',
      title: form.film ? `Edit “${form.film.title}”` : 'Add a film',
      status: form.status,
      body: (
        <FilmForm
          action={form.film ? `/admin/films/${form.film.id}` : '/admin/films'}
          values={form.values}
          problems={form.problems}
          {...(await getFilmChoices(ctx.db))}
          latestYear={latestYear()}
          maxPosterMb={MAX_POSTER_BYTES / 1024 / 1024}
          film={form.film}
        />
      ),
    });

  /** The form again with the problem next to its field, when the save refused what was asked. */
  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown, form: FormState) => {
    if (!(error instanceof CatalogEditError)) throw error;
    return sendForm(request, reply, { ...form, problems: { [error.field ?? 'title']: error.message }, status: 400 });
  };

  app.get('/admin/films/new', { config: admin }, async (request, reply) =>
    sendForm(request, reply, { values: readFilmForm({}) }),
  );

  app.post('/admin/films', { config: withPoster, schema: { body: FormFields } }, async (request, reply) => {
    const values = readFilmForm(request.body);
    const checked = validateFilmForm(values, latestYear());
    const poster = await takePoster(ctx, request);
    if (!checked.edit || poster.problem) {
      if (poster.prepared) await discardPreparedPoster(poster.prepared);
      const problems = { ...checked.problems, ...(poster.problem ? { poster: poster.problem } : {}) };
      return sendForm(request, reply, { values, problems, status: poster.status ?? 400 });
    }
    const edit = checked.edit;
    try {
      const created = await addFilm(writes(request), edit, actorOf(currentUser(request)), poster.prepared);
      setFlash(reply, `Added “${edit.title}” at /film/${created.slug}.`);
      return reply.redirect(`/admin/films/${created.id}`, 303);
    } catch (error) {
      return refused(request, reply, error, { values });
    }
  });

  app.get('/admin/films/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    const film = await requireFilmForEdit(ctx.db, request.params.id);
    return sendForm(request, reply, { values: valuesOf(film), film });
  });

  app.post(
    '/admin/films/:id',
    { config: withPoster, schema: { params: IdParams, body: FormFields } },
    async (request, reply) => {
      const film = await requireFilmForEdit(ctx.db, request.params.id);
      const values = readFilmForm(request.body);
      const checked = validateFilmForm(values, latestYear());
      const poster = await takePoster(ctx, request);
      if (!checked.edit || poster.problem) {
        if (poster.prepared) await discardPreparedPoster(poster.prepared);
        const problems = { ...checked.problems, ...(poster.problem ? { poster: poster.problem } : {}) };
        return sendForm(request, reply, { values, problems, status: poster.status ?? 400, film });
      }
      const remove = request.body.removePoster === '1' && film.posterKey !== null;
      try {
        const actor = actorOf(currentUser(request));
        const saved = await editFilm(writes(request), film, checked.edit, actor, { prepared: poster.prepared, remove });
        const { updated, posterChanged } = saved;
        const moved = updated && updated.slug !== updated.previousSlug;
        setFlash(
          reply,
          !updated || (updated.changed.length === 0 && !posterChanged)
            ? 'Nothing changed.'
            : `Saved.${moved ? ` /film/${updated.previousSlug} now redirects to /film/${updated.slug}.` : ''}`,
        );
        return reply.redirect(`/admin/films/${film.id}`, 303);
      } catch (error) {
        return refused(request, reply, error, { values, film });
      }
    },
  );
};
