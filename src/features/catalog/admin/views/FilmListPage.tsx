import type { Page } from '../../../../lib/pagination.js';
import { type Choice, indented } from '../../../../views/FormParts.js';
import { Pagination } from '../../../../views/Pagination.js';
import type { AdminFilmFilter } from '../catalog-admin.js';

export interface AdminFilmRow {
  id: number;
  slug: string;
  title: string;
  year: number | null;
  source: string;
  poster_key?: string | null;
  updated_at: string;
  primaryCategory: string | null;
}

export function filterQuery(filter: AdminFilmFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.categoryId !== undefined) params.set('category', String(filter.categoryId));
  if (filter.genreId !== undefined) params.set('genre', String(filter.genreId));
  if (filter.decade !== undefined) params.set('decade', String(filter.decade));
  return params.toString();
}

export function FilmListPage(props: {
  films: AdminFilmRow[];
  page: Page;
  filter: AdminFilmFilter;
  categories: Choice[];
  genres: Choice[];
  decades: number[];
}) {
  const f = props.filter;
  const query = filterQuery(f);
  const filtered = query !== '';
  return (
    <>
      <p>
        <a href="/admin/films/new" class="button">
          Add a film
        </a>
      </p>
      <search>
        <form method="get" action="/admin/films" class="form form--inline">
          <div class="field">
            <label for="films-q">Title contains</label>
            <input id="films-q" type="search" name="q" value={f.q ?? ''} />
          </div>
          <div class="field">
            <label for="films-category">Category</label>
            <select id="films-category" name="category">
              <option value="">Any</option>
              {props.categories.map((c) => (
                <option key={c.id} value={String(c.id)} selected={f.categoryId === c.id}>
                  {indented(c)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="films-genre">Genre</label>
            <select id="films-genre" name="genre">
              <option value="">Any</option>
              {props.genres.map((g) => (
                <option key={g.id} value={String(g.id)} selected={f.genreId === g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="films-decade">Decade</label>
            <select id="films-decade" name="decade">
              <option value="">Any</option>
              {props.decades.map((d) => (
                <option key={d} value={String(d)} selected={f.decade === d}>
                  {d}s
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button--small">
            Filter
          </button>
          {filtered && <a href="/admin/films">Clear filters</a>}
        </form>
      </search>
      <p role="status">
        {props.page.total} film{props.page.total === 1 ? '' : 's'}
        {filtered ? ' match' : ''}.
      </p>
      {props.films.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Films, newest added first</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Year</th>
              <th scope="col">Main category</th>
              <th scope="col">Poster</th>
              <th scope="col">Source</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {props.films.map((film) => (
              <tr key={film.id}>
                <td>
                  <a href={`/admin/films/${film.id}`}>{film.title}</a>
                </td>
                <td>{film.year ?? '—'}</td>
                <td>{film.primaryCategory ?? '—'}</td>
                <td>{film.poster_key ? 'Uploaded' : 'Typographic'}</td>
                <td>{film.source}</td>
                <td>
                  <time datetime={film.updated_at}>{film.updated_at.slice(0, 10)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        current={props.page.number}
        pageCount={props.page.pageCount}
        hrefFor={(n) => `/admin/films?${query ? `${query}&` : ''}page=${n}`}
      />
    </>
  );
}
