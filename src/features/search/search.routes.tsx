import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { VNode } from 'preact';
import type { AppContext, SearchResultGroup } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { Slug } from '../../kernel/schemas.js';
import { SEARCH_SORTS, type SearchFacets, type SearchFilter } from './search.js';
import { getFacets, resolveFilter, searchFilms } from './search.service.js';
import { SearchPage, type SearchPageProps, type SearchParams } from './views/SearchPage.js';

const PAGE_SIZE = 20;

// The form sends empty strings for "any"; they are allowed here and mean no filter.
const SearchPageQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.Union([Slug(), Type.Literal('')])),
    genre: Type.Optional(Type.Union([Slug(), Type.Literal('')])),
    decade: Type.Optional(Type.String({ pattern: '^([0-9]{3}0s?)?$' })),
    sort: Type.Optional(Type.Union(SEARCH_SORTS.map((s) => Type.Literal(s)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: true },
);
type SearchPageQuery = Static<typeof SearchPageQuery>;

/** The form's values, defaults filled in; "1990s" is accepted for a decade as well as "1990". */
function pageParams(query: SearchPageQuery): SearchParams {
  return {
    q: (query.q ?? '').trim(),
    category: query.category ?? '',
    genre: query.genre ?? '',
    decade: query.decade ? query.decade.replace(/s$/, '') : '',
    sort: query.sort ?? 'relevance',
    page: query.page ?? 1,
  };
}

async function searchPage(
  ctx: AppContext,
  params: SearchParams,
  filter: SearchFilter,
): Promise<SearchPageProps['result']> {
  const found = await searchFilms(ctx.db, params.q, {
    filter,
    sort: params.sort,
    limit: PAGE_SIZE,
    offset: (params.page - 1) * PAGE_SIZE,
  });
  const pageCount = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
  if (params.page > pageCount && found.total > 0)
    throw new AppError('not_found', `Page ${params.page} does not exist; this search has ${pageCount} page(s).`);
  return {
    hits: found.hits,
    total: found.total,
    approximate: found.approximate,
    pageCount,
    tooCommon: found.query.onlyCommonWords,
  };
}

/** The search page. */
export const searchPageRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; groups?: SearchResultGroup[] }> = async (
  app,
  { ctx, groups = [] },
) => {
  // The filter choices change only with the catalog: kept per content version.
  let facets: { version: string; facets: Promise<SearchFacets> } | undefined;
  const currentFacets = async () => {
    const version = await ctx.versions.current();
    if (facets?.version !== version) facets = { version, facets: getFacets(ctx.db) };
    return facets.facets;
  };

  // Not in the page cache: every query is its own URL, and a crawler walking random queries would push the film
  // pages out of it. A search costs a few milliseconds (bench/run.mjs), so the cache would save little.
  app.get('/search', { schema: { querystring: SearchPageQuery } }, async (request, reply) => {
    const params = pageParams(request.query);
    const [filter, choices] = await Promise.all([
      resolveFilter(ctx.db, {
        category: params.category,
        genre: params.genre,
        decade: params.decade ? Number(params.decade) : undefined,
      }),
      currentFacets(),
    ]);
    const [result, extra] = await Promise.all([
      params.q ? searchPage(ctx, params, filter) : undefined,
      // Other groups (public lists) only on the first page of an unfiltered search: one indexed query each.
      params.q && params.page === 1 ? Promise.all(groups.map((group) => group(params.q))) : [],
    ]);
    reply.header('cache-control', 'no-cache');
    return sendPage(
      reply,
      ctx,
      {
        title: params.q ? `Search: ${params.q}` : 'Search',
        description: 'Search the catalog by title, people and story.',
        canonicalPath: '/search',
        // Result pages are endless variations of the catalog; search engines are asked not to index them.
        noindex: params.q !== '',
        searchQuery: params.q,
      },
      <SearchPage
        params={params}
        facets={choices}
        result={result}
        groups={(extra as Array<VNode | null>).filter((node): node is VNode => node !== null)}
      />,
    );
  });
};
