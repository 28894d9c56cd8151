import type { FilmPageExtension } from '../../kernel/context.js';
import { keepPrivate } from '../../kernel/versions.js';
import { filmReviews, ownPendingReview } from './review-pages.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { ReviewsSection } from './views/ReviewsSection.js';

const SHOWN = 10;

/**
 * The film page's "Reviews", after the rating block and before the comments. Approved reviews for everyone, so the
 * page stays shared: `?reviews=newest` is another address, cached on its own; the film key retires both. A signed-in
 * member's own review awaiting moderation is shown to them alone, and that render is never stored: the page cache
 * sends such a member to a fresh render (their pending films, server/visitor-states.ts), like a pending comment.
 */
export function reviewsFilmSection({ ctx }: Pick<ReviewsDeps, 'ctx'>): FilmPageExtension {
  return async (film, request, reply) => {
    const order = (request.query as Record<string, unknown>).reviews === 'newest' ? 'newest' : 'liked';
    const [{ reviews, total }, pending] = await Promise.all([
      filmReviews(ctx.db, film.id, order, SHOWN),
      request.member ? ownPendingReview(ctx.db, film.id, request.member.id) : Promise.resolve(null),
    ]);
    if (pending) keepPrivate(reply);
    return {
      slot: 'after-synopsis',
      node: <ReviewsSection slug={film.slug} reviews={reviews} total={total} order={order} pending={pending} />,
    };
  };
}
