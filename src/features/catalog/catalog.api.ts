import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { Slug, SlugParams } from '../../kernel/schemas.js';
import { getFilmPage } from './catalog.service.js';
import { FILM_SORTS } from './film.js';
import { countApprovedComments, listFilmIds, loadFilmFacets } from './film-api.repository.js';
import { findTermBySlug, listCategoriesWithCounts, listGenresWithCounts } from './taxonomy.repository.js';

const Rating = Type.Object({
  average: Type.Union([Type.Number(), Type.Null()], { description: 'mean in stars, one decimal; null with no votes' }),
  count: Type.Integer(),
});

const OriginalTitle = Type.Union([Type.String(), Type.Null()], {
  description: "the title in the film's own language; null when none is known or it is the same as the title",
});

const FilmListItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  categories: Type.Array(Type.String(), { description: 'category slugs, breadcrumb category first' }),
  genres: Type.Array(Type.String(), { description: 'genre slugs' }),
  rating: Rating,
  likes: Type.Integer(),
});

const FilmListQuery = Type.Object({
  category: Type.Optional(Slug()),
  genre: Type.Optional(Slug()),
  year: Type.Optional(Type.Integer({ minimum: 1800, maximum: 3000 })),
  sort: Type.Optional(Type.Union(FILM_SORTS.map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 24 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor from the previous page' })),
});
type FilmListQuery = Static<typeof FilmListQuery>;

const Term = Type.Object({ slug: Type.String(), name: Type.String() });
const TermWithCount = Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() });

const FilmDetail = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  synopsis: Type.String(),
  url: Type.String(),
  sourceUrl: Type.Union([Type.String(), Type.Null()]),
  origin: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  directors: Type.Array(Term),
  cast: Type.Array(Term),
  categories: Type.Array(Term),
  genres: Type.Array(Term),
  rating: Rating,
  likes: Type.Integer(),
  commentCount: Type.Integer({ description: 'approved comments, as shown on the film page' }),
});

/** Cursors are opaque to clients; inside, the offset of the next page and the query they belong to. */
function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

/**
 * The furthest offset a cursor may hold. A forged one could say 1e21, past what PostgreSQL's bigint OFFSET takes (a
 * query error there, where SQLite answers an empty page); no listing of ours comes near this many films.
 */
const MAX_OFFSET = 10_000_000;

function decodeCursor(cursor: string, fingerprint: string): number {
  const invalid = () =>
    new AppError('invalid_field', 'cursor: not a cursor from this listing (filters or sort changed?)', 'cursor');
  // base64url only: Buffer.from ignores characters outside the alphabet, so junk must be refused before decoding.
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const { o, f } = parsed as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || o > MAX_OFFSET || f !== fingerprint) {
    throw invalid();
  }
  return o;
}

export function registerCatalogApi(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: FilmListQuery }>(
    '/api/v1/films',
    {
      schema: {
        summary: 'List films, filtered and sorted, a page at a time',
        tags: ['catalog'],
        querystring: FilmListQuery,
        response: {
          200: Type.Object({ items: Type.Array(FilmListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const { category, genre, year, sort = 'newest', limit = 24, cursor } = request.query;
      const fingerprint = [category ?? '', genre ?? '', year ?? '', sort].join('|');
      const offset = cursor ? decodeCursor(cursor, fingerprint) : 0;
      const filter: { categoryId?: number; genreId?: number; year?: number } = {};
      if (category) {
        const term = await findTermBySlug(ctx.db, 'categories', category);
        if (!term) throw new AppError('category_not_found', `category: no category "${category}"`, 'category');
        filter.categoryId = term.id;
      }
      if (genre) {
        const term = await findTermBySlug(ctx.db, 'genres', genre);
        if (!term) throw new AppError('genre_not_found', `genre: no genre "${genre}"`, 'genre');
        filter.genreId = term.id;
      }
      if (year !== undefined) filter.year = year;
      // One extra row tells whether a next page exists without counting.
      const rows = await listFilmIds(ctx.db, filter, {
        sort,
        limit: limit + 1,
        offset,
        priorVotes: (await ctx.settings()).ratingPriorVotes,
      });
      const page = rows.slice(0, limit);
      const facets = await loadFilmFacets(
        ctx.db,
        page.map((r) => r.id),
      );
      return {
        items: page.map((r) => ({
          slug: r.slug,
          title: r.title,
          originalTitle: r.original_title,
          year: r.year,
          ...facets.get(r.id)!,
        })),
        nextCursor: rows.length > limit ? encodeCursor(offset + limit, fingerprint) : null,
      };
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/api/v1/films/:slug',
    {
      schema: {
        summary: 'One film with its people, categories, genres, rating, likes and comment count',
        tags: ['catalog'],
        params: SlugParams,
        response: { 200: FilmDetail },
      },
    },
    async (request, reply) => {
      const result = await getFilmPage(ctx.db, request.params.slug);
      if ('redirectTo' in result) return reply.redirect(`/api/v1/films/${result.redirectTo}`, 301);
      if ('notFound' in result) throw new AppError('film_not_found', `No film "${request.params.slug}".`);
      const { film } = result;
      const [facetMap, commentCount] = await Promise.all([
        loadFilmFacets(ctx.db, [film.id]),
        countApprovedComments(ctx.db, film.id),
      ]);
      const facets = facetMap.get(film.id)!;
      return {
        slug: film.slug,
        title: film.title,
        originalTitle: film.originalTitle,
        year: film.year,
        synopsis: film.synopsis,
        url: `${ctx.config.publicUrl}/film/${film.slug}`,
        sourceUrl: film.sourceUrl,
        origin: film.origin,
        language: film.language,
        directors: film.directors,
        cast: film.cast,
        categories: film.categories,
        genres: film.genres,
        rating: facets.rating,
        likes: facets.likes,
        commentCount,
      };
    },
  );

  const termList = (summary: string, load: typeof listCategoriesWithCounts) =>
    ({
      schema: { summary, tags: ['catalog'], response: { 200: Type.Object({ items: Type.Array(TermWithCount) }) } },
      handler: async () => ({ items: await load(ctx.db) }),
    }) as const;
  app.get('/api/v1/categories', termList('Every category with its film count', listCategoriesWithCounts));
  app.get('/api/v1/genres', termList('Every genre with its film count', listGenresWithCounts));
}
