import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import type { SignedInMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { ballotRules, type DiaryDeps, diaristOf, filmOr404, memberOrSignIn } from './diary.deps.js';
import { DIARY_PAGE_SIZE, parseViewing, utcDay } from './diary.js';
import { EntryParams, PageQuery, ViewingFormBody } from './diary.schemas.js';
import { deleteViewing, editViewing, logViewing, ownEntry } from './diary.service.js';
import type { DiaryEntryRow } from './diary.types.js';
import { publicDiaryPage } from './profile.service.js';
import { DiaryPage, LogViewingPage } from './views/DiaryPages.js';
import type { ViewingFormValues } from './views/ViewingForm.js';

type FormBody = typeof ViewingFormBody.static;

const valuesOf = (body: FormBody): ViewingFormValues => ({
  date: body.date ?? '',
  stars: body.stars ?? '',
  rewatch: body.rewatch === '1' || body.rewatch === 'on',
  note: body.note ?? '',
  visibility: body.visibility === 'private' ? 'private' : 'public',
});

const valuesOfEntry = (entry: DiaryEntryRow): ViewingFormValues => ({
  date: entry.watchedOn,
  stars: entry.score === null ? '' : String(entry.score / 2),
  rewatch: entry.rewatch === 1,
  note: entry.note,
  visibility: entry.isPublic === 1 ? 'public' : 'private',
});

/** Logging, editing and deleting viewings (members only), and the owner's whole diary. */
export const diaryRoutes: FastifyPluginAsyncTypebox<DiaryDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const rules = ballotRules(ctx);
  const maxDate = () => utcDay(new Date(ctx.clock.now().getTime() + 24 * 3600_000));

  const showForm = (
    reply: FastifyReply,
    film: { slug: string; title: string },
    form: { action: string; values: ViewingFormValues; errors: Record<string, string>; editing: boolean },
    status = 200,
  ) => {
    reply.header('cache-control', 'private, no-store');
    return sendPage(
      reply,
      ctx,
      { title: form.editing ? `Edit your viewing of ${film.title}` : `Log a viewing of ${film.title}`, noindex: true },
      <LogViewingPage film={film} maxDate={maxDate()} {...form} />,
      status,
    );
  };

  /** A refused field goes back to the form with what was typed (400); other errors go to the error handler. */
  const refused = (error: unknown): Record<string, string> => {
    if (error instanceof AppError && error.code === 'invalid_field' && error.field)
      return { [error.field]: error.message };
    throw error;
  };

  app.get('/film/:slug/log', { schema: { params: SlugParams } }, async (request, reply) => {
    const film = await filmOr404(findFilm, request.params.slug);
    if (!memberOrSignIn(request, reply, `/film/${film.slug}/log`)) return reply;
    const values: ViewingFormValues = {
      date: utcDay(ctx.clock.now()),
      stars: '',
      rewatch: false,
      note: '',
      visibility: 'public',
    };
    return showForm(reply, film, { action: `/film/${film.slug}/log`, values, errors: {}, editing: false });
  });

  app.post(
    '/film/:slug/log',
    { schema: { params: SlugParams, body: ViewingFormBody }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(findFilm, request.params.slug);
      const member = memberOrSignIn(request, reply, `/film/${film.slug}/log`);
      if (!member) return reply;
      const now = ctx.clock.now();
      try {
        const viewing = parseViewing(request.body, now);
        await ctx.writer.write((uow) => logViewing(uow, diaristOf(request, member), film.id, viewing, now, rules));
      } catch (error) {
        const errors = refused(error);
        const form = { action: `/film/${film.slug}/log`, values: valuesOf(request.body), errors, editing: false };
        return showForm(reply, film, form, 400);
      }
      setFlash(reply, `Your viewing of “${film.title}” is in your diary.`);
      return reply.redirect(`/film/${film.slug}`, 303);
    },
  );

  const editable = async (member: SignedInMember, id: number) => ownEntry(ctx.db, member.id, id);

  app.get('/me/diary/:id/edit', { schema: { params: EntryParams } }, async (request, reply) => {
    const member = memberOrSignIn(request, reply, `/me/diary/${request.params.id}/edit`);
    if (!member) return reply;
    const entry = await editable(member, request.params.id);
    const form = { action: `/me/diary/${entry.id}`, values: valuesOfEntry(entry), errors: {}, editing: true };
    return showForm(reply, entry, form);
  });

  app.post(
    '/me/diary/:id',
    { schema: { params: EntryParams, body: ViewingFormBody }, preHandler: guards },
    async (request, reply) => {
      const member = memberOrSignIn(request, reply, `/me/diary/${request.params.id}/edit`);
      if (!member) return reply;
      const entry = await editable(member, request.params.id);
      const now = ctx.clock.now();
      try {
        const viewing = parseViewing(request.body, now);
        await ctx.writer.write((uow) => editViewing(uow, diaristOf(request, member), entry.id, viewing, now, rules));
      } catch (error) {
        const form = {
          action: `/me/diary/${entry.id}`,
          values: valuesOf(request.body),
          errors: refused(error),
          editing: true,
        };
        return showForm(reply, entry, form, 400);
      }
      setFlash(reply, 'Your diary entry is saved.');
      return reply.redirect('/me/diary', 303);
    },
  );

  app.post('/me/diary/:id/delete', { schema: { params: EntryParams }, preHandler: guards }, async (request, reply) => {
    const member = memberOrSignIn(request, reply, '/me/diary');
    if (!member) return reply;
    await ctx.writer.write((uow) => deleteViewing(uow, member.id, request.params.id));
    setFlash(reply, 'The diary entry was deleted.');
    return reply.redirect('/me/diary', 303);
  });

  app.get('/me/diary', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const member = memberOrSignIn(request, reply, '/me/diary');
    if (!member) return reply;
    const diary = await publicDiaryPage(ctx.db, member.id, request.query.page ?? 1, DIARY_PAGE_SIZE, false);
    reply.header('cache-control', 'private, no-store');
    return sendPage(
      reply,
      ctx,
      { title: 'Your diary', noindex: true },
      <DiaryPage
        title="Your diary"
        diary={diary}
        editable
        basePath="/me/diary"
        flash={takeFlash(request, reply)}
        intro={
          <p class="muted">
            Every viewing, private ones too. <a href={`/u/${member.handle}/diary`}>Your public diary</a>
          </p>
        }
      />,
    );
  });
};
