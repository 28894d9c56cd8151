import { FilmCard } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import type { WatchlistFilmRow } from '../diary.types.js';
import { WatchlistButton } from './WatchlistButton.js';

/** The member's own watchlist: cards with the same one-click button as the film page. */
export function WatchlistPage(props: {
  films: WatchlistFilmRow[];
  total: number;
  page: number;
  pageCount: number;
  flash: string | null;
}) {
  const back = props.page > 1 ? `/me/watchlist?page=${props.page}` : '/me/watchlist';
  return (
    <section class="watchlist-page" aria-labelledby="watchlist-heading">
      <h1 id="watchlist-heading">Your watchlist</h1>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <p class="muted">
        {props.total} {props.total === 1 ? 'film' : 'films'}. Whether others see it is set in{' '}
        <a href="/settings">your settings</a>.
      </p>
      {props.films.length === 0 ? (
        <p>Nothing here yet: add films from their pages.</p>
      ) : (
        <ul class="film-grid">
          {props.films.map((f) => (
            <li key={f.slug}>
              <FilmCard slug={f.slug} title={f.title} year={f.year} synopsis={f.synopsis} posterKey={f.posterKey} />
              <WatchlistButton slug={f.slug} filmId={f.filmId} back={back} compact />
            </li>
          ))}
        </ul>
      )}
      <Pagination
        current={props.page}
        pageCount={props.pageCount}
        hrefFor={(n) => (n > 1 ? `/me/watchlist?page=${n}` : '/me/watchlist')}
      />
    </section>
  );
}
