import type { VNode } from 'preact';
import { PosterImage } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import type { SearchFacets, SearchHit, SearchSort } from '../search.js';

export type { SearchFacets } from '../search.js';

export interface SearchParams {
  q: string;
  category: string;
  genre: string;
  /** "1990" or "". */
  decade: string;
  sort: SearchSort;
  page: number;
}

export interface SearchPageProps {
  params: SearchParams;
  facets: SearchFacets;
  /** Absent when nothing was typed. */
  result?: { hits: SearchHit[]; total: number; approximate: boolean; pageCount: number; tooCommon: boolean };
  /** Other features' result groups (public lists), shown after the films on the first page. */
  groups?: VNode[];
}

const SORT_LABELS: Record<SearchSort, string> = { relevance: 'Best match', year: 'Newest first', rating: 'Top rated' };

/** The one URL of a search: defaults left out, so the same search always has the same address. */
export function searchHref(params: SearchParams, changes: Partial<SearchParams> = {}): string {
  const p = { ...params, ...changes };
  const query = new URLSearchParams();
  query.set('q', p.q);
  if (p.category) query.set('category', p.category);
  if (p.genre) query.set('genre', p.genre);
  if (p.decade) query.set('decade', p.decade);
  if (p.sort !== 'relevance') query.set('sort', p.sort);
  if (p.page > 1) query.set('page', String(p.page));
  return `/search?${query.toString()}`;
}

function Select(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div class="search-form__field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function SearchForm(props: { params: SearchParams; facets: SearchFacets }) {
  const { params, facets } = props;
  return (
    <search aria-label="Search films with filters">
      <form class="search-form" method="get" action="/search">
        <div class="search-form__field search-form__query">
          <label for="search-q">Words from a title, a name or the story</label>
          <input id="search-q" type="search" name="q" value={params.q} maxLength={200} autocomplete="off" />
        </div>
        <Select
          id="search-category"
          name="category"
          label="Category"
          value={params.category}
          options={[
            { value: '', label: 'Any category' },
            ...facets.categories.map((c) => ({ value: c.slug, label: c.name })),
          ]}
        />
        <Select
          id="search-genre"
          name="genre"
          label="Genre"
          value={params.genre}
          options={[{ value: '', label: 'Any genre' }, ...facets.genres.map((g) => ({ value: g.slug, label: g.name }))]}
        />
        <Select
          id="search-decade"
          name="decade"
          label="Decade"
          value={params.decade}
          options={[
            { value: '', label: 'Any decade' },
            ...facets.decades.map((d) => ({ value: String(d), label: `${d}s` })),
          ]}
        />
        <Select
          id="search-sort"
          name="sort"
          label="Sort by"
          value={params.sort}
          options={Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <button type="submit" class="button">
          Search
        </button>
      </form>
    </search>
  );
}

function Tips() {
  return (
    <ul class="search-tips">
      <li>Part of a title is enough: “clockwork” finds “A Clockwork Orange”.</li>
      <li>Names work too: an actor or a director.</li>
      <li>So do words from the story: “mob boss con”.</li>
      <li>
        Or browse by <a href="/genres">genre</a> or the <a href="/top-rated">top rated</a> films.
      </li>
    </ul>
  );
}

function Hit(props: { hit: SearchHit }) {
  const { hit } = props;
  const meta = [hit.year ? String(hit.year) : null, hit.category].filter((m): m is string => m !== null);
  return (
    <li class="search-result">
      <PosterImage posterKey={hit.posterKey} title={hit.title} year={hit.year} genre={hit.genre} size="thumb" />
      <h2 class="search-result__title">
        <a href={`/film/${hit.slug}`}>{hit.title}</a>
      </h2>
      {hit.originalTitle && <p class="search-result__original">Original title: {hit.originalTitle}</p>}
      <p class="search-result__meta">
        {meta.join(' · ')}
        {hit.rating !== null && (
          <>
            {meta.length > 0 && ' · '}
            <span>
              {hit.rating.toFixed(1)}
              <span class="visually-hidden"> out of 5 stars</span>
              <span aria-hidden="true"> ★</span>
            </span>
          </>
        )}
      </p>
      {hit.snippet.length > 0 && (
        <p class="search-result__snippet">
          {hit.snippet.map((part, i) =>
            // Parts have no identity but their place; text is escaped by Preact, <mark> is ours.
            part.hit ? <mark key={i}>{part.text}</mark> : part.text,
          )}
        </p>
      )}
    </li>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { params, facets, result } = props;
  const filtered = Boolean(params.category || params.genre || params.decade);
  return (
    <section class="search">
      <h1>{result ? `Search: “${params.q}”` : 'Search the catalog'}</h1>
      <SearchForm params={params} facets={facets} />
      {!result && (
        <div class="search-empty">
          <p>Type a title, a name or a few words from a story.</p>
          <Tips />
        </div>
      )}
      {result?.tooCommon && (
        <div class="search-empty" role="status">
          <p>
            <strong>“{params.q}” is in almost every film.</strong> Add another word from the title, a name or the story.
          </p>
          <Tips />
        </div>
      )}
      {result && result.total === 0 && !result.tooCommon && (
        <div class="search-empty" role="status">
          <p>
            <strong>No films match “{params.q}”</strong>
            {filtered ? ' with these filters.' : '.'}
          </p>
          <ul class="search-tips">
            {filtered && (
              <li>
                <a href={searchHref(params, { category: '', genre: '', decade: '', page: 1 })}>
                  Search “{params.q}” in the whole catalog
                </a>
              </li>
            )}
            <li>Check the spelling, or try fewer or shorter words.</li>
            <li>
              Browse by <a href="/genres">genre</a> or the <a href="/top-rated">top rated</a> films.
            </li>
          </ul>
        </div>
      )}
      {result && result.total > 0 && (
        <>
          <p class="search__count" role="status">
            {result.approximate
              ? `Nothing matches “${params.q}” exactly; ${result.total === 1 ? 'this film has' : `these ${result.total} films have`} a similar title or name.`
              : `${result.total.toLocaleString('en-US')} ${result.total === 1 ? 'film matches' : 'films match'}.`}
            {result.pageCount > 1 && ` Page ${params.page} of ${result.pageCount}.`}
          </p>
          <ol class="search-results">
            {result.hits.map((hit) => (
              <Hit key={hit.slug} hit={hit} />
            ))}
          </ol>
          <Pagination
            current={params.page}
            pageCount={result.pageCount}
            hrefFor={(n) => searchHref(params, { page: n })}
          />
        </>
      )}
      {props.groups}
    </section>
  );
}
