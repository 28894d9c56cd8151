import type { FilmPageExtension } from '../../kernel/context.js';
import { WatchlistButton } from './views/WatchlistButton.js';

/**
 * The film page's watchlist button and diary links. The same for everyone: the member's own state is filled in as
 * the page goes out, and "Log a viewing" leads to a form page (members only) rather than a personal form here.
 */
export function diaryFilmSection(): FilmPageExtension {
  return async (film) => ({
    slot: 'after-synopsis',
    node: (
      <section class="film-diary" aria-label="Watchlist and diary">
        <WatchlistButton slug={film.slug} filmId={film.id} back={`/film/${film.slug}`} />
        <p class="film-diary__links">
          <a href={`/film/${film.slug}/log`}>Log a viewing</a> ·{' '}
          <a href={`/film/${film.slug}/review`}>Write a review</a>
        </p>
      </section>
    ),
  });
}
