import type { Db } from '../../db/database.js';
import type { FilmPageExtension } from '../../kernel/context.js';
import { getRating } from './ratings.service.js';
import { RatingWidget } from './views/RatingWidget.js';

/**
 * The film page's star widget, and the aggregate rating it adds to the page's Movie JSON-LD. Rendered the same for
 * every visitor: their own vote is a personal part the page cache fills in.
 */
export function ratingsFilmSection(deps: { db: Db }): FilmPageExtension {
  return async (film) => {
    const rating = await getRating(deps.db, film.id, null);
    return {
      slot: 'summary',
      node: <RatingWidget slug={film.slug} filmId={film.id} rating={rating} />,
      movieJsonLd:
        rating.count > 0 && rating.average !== null
          ? {
              aggregateRating: {
                '@type': 'AggregateRating',
                ratingValue: rating.average,
                ratingCount: rating.count,
                bestRating: 5,
                worstRating: 0.5,
              },
            }
          : {},
    };
  };
}
