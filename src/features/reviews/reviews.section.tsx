import type { FilmPageExtension } from '../../kernel/context.js';
import { filmReviews } from './review-pages.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { ReviewsSection } from './views/ReviewsSection.js';

const SHOWN = 10;

/**
 * The film page's "Reviews", after the rating block and before the comments. Approved reviews only, so the page
 * stays shared: `?reviews=newest` is another address, cached on its own; the film key retires both.
 */
export function reviewsFilmSection({ ctx }: Pick<ReviewsDeps, 'ctx'>): FilmPageExtension {
  return async (film, request) => {
    const order = (request.query as Record<string, unknown>).reviews === 'newest' ? 'newest' : 'liked';
    const { reviews, total } = await filmReviews(ctx.db, film.id, order, SHOWN);
    return {
      slot: 'after-synopsis',
      node: <ReviewsSection slug={film.slug} reviews={reviews} total={total} order={order} />,
    };
  };
}
