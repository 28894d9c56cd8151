import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../kernel/context.js';
import { ApiErrorResponses, Slug } from '../../kernel/schemas.js';
import { SEARCH_SORTS } from './search.js';
import { resolveFilter, searchFilms, suggestFilms } from './search.service.js';
import { snippetHtml } from './snippet.js';

const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200, description: 'words from a title, a name or the synopsis' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  category: Type.Optional(Slug()),
  genre: Type.Optional(Slug()),
  decade: Type.Optional(
    Type.Integer({ minimum: 1800, maximum: 2990, multipleOf: 10, description: 'first year: 1990 for the 1990s' }),
  ),
  sort: Type.Optional(Type.Union(SEARCH_SORTS.map((s) => Type.Literal(s)))),
});

const OriginalTitle = Type.Union([Type.String(), Type.Null()], {
  description: "the title in the film's own language, also searched; null when none",
});

const SearchItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  score: Type.Number({ description: 'higher is better; comparable within one answer only' }),
  snippet: Type.String({
    description: 'HTML: the synopsis around the match, escaped, with the matching words in <mark> elements',
  }),
});

const SuggestQuery = Type.Object({ q: Type.String({ maxLength: 200 }) });

const Suggestion = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  url: Type.String({ description: 'path of the film page' }),
});

const SUGGESTIONS = 8;

/** The search API and the suggestions behind the header's search box. */
export const searchApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/search',
    {
      schema: {
        summary: 'Search films by title, original title, people and synopsis; forgiving of accents, prefixes and typos',
        tags: ['search'],
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(SearchItem) }), ...ApiErrorResponses },
      },
    },
    async (request) => {
      const { q, limit = 10, category, genre, decade, sort = 'relevance' } = request.query;
      const filter = await resolveFilter(ctx.db, { category, genre, decade });
      const result = await searchFilms(ctx.db, q, { filter, sort, limit, offset: 0 });
      return {
        items: result.hits.map((h) => ({
          slug: h.slug,
          title: h.title,
          originalTitle: h.originalTitle,
          year: h.year,
          score: h.score,
          snippet: snippetHtml(h.snippet),
        })),
      };
    },
  );

  // What the header search box suggests while typing: titles only, few, fast.
  app.get(
    '/api/v1/search/suggestions',
    {
      schema: {
        summary: 'Films to suggest while a search is typed',
        tags: ['search'],
        querystring: SuggestQuery,
        response: { 200: Type.Object({ items: Type.Array(Suggestion) }), ...ApiErrorResponses },
      },
    },
    async (request) => {
      const q = request.query.q.trim();
      if (q.length < 2) return { items: [] };
      const found = await suggestFilms(ctx.db, q, SUGGESTIONS);
      return { items: found.map((f) => ({ ...f, url: `/film/${f.slug}` })) };
    },
  );
};
