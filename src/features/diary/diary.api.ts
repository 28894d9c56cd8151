import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../kernel/errors.js';
import { currentMember } from '../../kernel/member.js';
import { ApiErrorResponses, SlugParams } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { ballotRules, type DiaryDeps, diaristOf, entryJson } from './diary.deps.js';
import { DIARY_PAGE_SIZE, parseViewing } from './diary.js';
import {
  DiaryEntryJson,
  DiaryPageJson,
  EntryParams,
  HandleParams,
  PageQuery,
  PublicProfileJson,
  ViewingBody,
  WatchlistItemJson,
  WatchlistJson,
} from './diary.schemas.js';
import { deleteViewing, editViewing, logViewing, ownEntry } from './diary.service.js';
import type { DiaryEntryRow } from './diary.types.js';
import { getProfile, publicDiaryPage, visibleMember } from './profile.service.js';
import { setWatchlisted, watchlistPage } from './watchlist.service.js';

const PAGE_SIZE = 100;
const errors = ApiErrorResponses;

/** What a PATCH leaves out stays as it was. */
const mergedInput = (entry: DiaryEntryRow, body: typeof ViewingBody.static) => ({
  date: body.date ?? entry.watchedOn,
  stars: body.stars === undefined ? (entry.score === null ? null : entry.score / 2) : body.stars,
  rewatch: body.rewatch ?? entry.rewatch === 1,
  note: body.note ?? entry.note,
  visibility: body.visibility ?? (entry.isPublic === 1 ? 'public' : 'private'),
});

/**
 * The member's own watchlist and diary (`/api/v1/me/…`: the member session cookie, and the CSRF header on writes),
 * and public profiles (`/api/v1/users/…`).
 */
export const diaryApi: FastifyPluginAsyncTypebox<DiaryDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const rules = ballotRules(ctx);
  const filmBySlug = async (slug: string) => {
    const film = await findFilm(slug);
    if (!film) throw new AppError('film_not_found', `No film "${slug}".`);
    return film;
  };
  app.get(
    '/api/v1/me/watchlist',
    {
      schema: {
        querystring: PageQuery,
        response: { 200: WatchlistJson, ...errors },
        tags: ['members'],
        summary: 'Your watchlist, newest first (100 a page)',
      },
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      const { total, films } = await watchlistPage(ctx.db, member.id, request.query.page ?? 1, PAGE_SIZE);
      return { total, films: films.map((f) => ({ slug: f.slug, title: f.title, year: f.year, addedAt: f.addedAt })) };
    },
  );

  for (const [method, listed] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/me/watchlist/:slug',
      schema: {
        params: SlugParams,
        response: { 200: WatchlistItemJson, ...errors },
        tags: ['members'],
        summary: listed ? 'Put a film on your watchlist (idempotent)' : 'Take a film off your watchlist (idempotent)',
      },
      preHandler: guards,
      handler: async (request) => {
        const member = currentMember(request);
        const film = await filmBySlug(request.params.slug);
        const now = ctx.clock.now();
        await ctx.writer.writeGrouped((uow) => setWatchlisted(uow, member.id, film.id, listed, now));
        return { film: film.slug, listed };
      },
    });
  }

  app.get(
    '/api/v1/me/diary',
    {
      schema: {
        querystring: PageQuery,
        response: { 200: DiaryPageJson, ...errors },
        tags: ['members'],
        summary: 'Your diary, newest viewing first, private entries included (50 a page)',
      },
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      const diary = await publicDiaryPage(ctx.db, member.id, request.query.page ?? 1, DIARY_PAGE_SIZE, false);
      return { ...diary, entries: diary.entries.map(entryJson) };
    },
  );

  app.post(
    '/api/v1/me/diary',
    {
      schema: {
        body: ViewingBody,
        response: { 201: DiaryEntryJson, ...errors },
        tags: ['members'],
        summary: 'Log a viewing (a rating given here becomes your vote on the film)',
      },
      preHandler: guards,
    },
    async (request, reply) => {
      const member = currentMember(request);
      if (!request.body.film) throw new AppError('invalid_field', 'film: give the film’s slug', 'film');
      const film = await filmBySlug(request.body.film);
      const now = ctx.clock.now();
      const viewing = parseViewing(request.body, now);
      const id = await ctx.writer.write((uow) =>
        logViewing(uow, diaristOf(request, member), film.id, viewing, now, rules),
      );
      return reply.status(201).send(entryJson(await ownEntry(ctx.db, member.id, id)));
    },
  );

  app.patch(
    '/api/v1/me/diary/:id',
    {
      schema: {
        params: EntryParams,
        body: ViewingBody,
        response: { 200: DiaryEntryJson, ...errors },
        tags: ['members'],
        summary: 'Change one of your diary entries (fields left out stay as they are)',
      },
      preHandler: guards,
    },
    async (request) => {
      const member = currentMember(request);
      const entry = await ownEntry(ctx.db, member.id, request.params.id);
      if (request.body.film !== undefined && request.body.film !== entry.slug)
        throw new AppError('invalid_field', 'film: an entry’s film cannot change; log a new viewing', 'film');
      const now = ctx.clock.now();
      const viewing = parseViewing(mergedInput(entry, request.body), now);
      await ctx.writer.write((uow) => editViewing(uow, diaristOf(request, member), entry.id, viewing, now, rules));
      return entryJson(await ownEntry(ctx.db, member.id, entry.id));
    },
  );

  app.delete(
    '/api/v1/me/diary/:id',
    {
      schema: {
        params: EntryParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...errors },
        tags: ['members'],
        summary: 'Delete one of your diary entries (your vote on the film stays)',
      },
      preHandler: guards,
    },
    async (request, reply) => {
      const member = currentMember(request);
      await ctx.writer.write((uow) => deleteViewing(uow, member.id, request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/:handle',
    {
      schema: {
        params: HandleParams,
        response: { 200: PublicProfileJson, ...errors },
        tags: ['members'],
        summary: 'A public profile with its stats (404 for a private or suspended member)',
      },
    },
    async (request) => {
      const profile = await getProfile(ctx.db, request.params.handle, request.member, ctx.clock.now());
      const { member, stats } = profile;
      return {
        handle: member.handle,
        displayName: member.displayName,
        bio: member.bio,
        url: `${ctx.config.publicUrl}/u/${member.handle}`,
        stats: {
          filmsWatched: stats.filmsWatched,
          thisYear: stats.thisYear,
          ratings: stats.ratings,
          averageStars: stats.averageStars,
          histogram: stats.histogram,
          topGenres: stats.topGenres,
          topDirectors: stats.topDirectors,
        },
        watchlistPublic: member.watchlistPublic === 1,
      };
    },
  );

  app.get(
    '/api/v1/users/:handle/diary',
    {
      schema: {
        params: HandleParams,
        querystring: PageQuery,
        response: { 200: DiaryPageJson, ...errors },
        tags: ['members'],
        summary: 'A member’s public diary entries, newest first (50 a page)',
      },
    },
    async (request) => {
      const { member } = await visibleMember(ctx.db, request.params.handle, request.member);
      const diary = await publicDiaryPage(ctx.db, member.id, request.query.page ?? 1, DIARY_PAGE_SIZE, true);
      return { ...diary, entries: diary.entries.map(entryJson) };
    },
  );
};
