import { PersonalChoice } from '../../../views/render-marks.js';
import { type Review, type ReviewOrder, reviewFormPath } from '../review.js';
import { ReviewCard } from './ReviewCard.js';

/**
 * The film page's reviews, apart from the comment thread. The order is a plain link (`?reviews=newest`), so each
 * order is its own cached page; what differs per visitor is only the link under the heading, a personal choice
 * (decision 022): guests are asked to sign in, members get the same "write or edit" link for everyone.
 */
export function ReviewsSection(props: {
  slug: string;
  reviews: Review[];
  total: number;
  order: ReviewOrder;
  /** The viewer's own review awaiting moderation: on a page rendered for them alone (reviews.section.tsx). */
  pending?: Review | null;
}) {
  const { slug, order } = props;
  const form = reviewFormPath(slug);
  return (
    <section class="reviews" id="reviews" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews {props.total > 0 && <span class="reviews__count">({props.total})</span>}</h2>
      <PersonalChoice
        slot={{ kind: 'member' }}
        anonymousOutsidePages
        variants={{
          '': (
            <p class="reviews__write">
              <a href={`/login?next=${encodeURIComponent(form)}`}>Sign in</a> to write a review.
            </p>
          ),
          member: (
            <p class="reviews__write">
              <a href={form} class="button button--small">
                Write or edit your review
              </a>
            </p>
          ),
        }}
      />
      {props.pending && (
        <div class="review--pending">
          <p class="review__pending">Your review is awaiting moderation: only you can see it until it is approved.</p>
          <ReviewCard review={props.pending} show="author" />
        </div>
      )}
      {props.reviews.length === 0 ? (
        // Their own held review is above: "No reviews yet" would read as if it were lost.
        !props.pending && <p>No reviews yet.</p>
      ) : (
        <>
          <nav class="reviews__order" aria-label="Order of reviews">
            <ul>
              <li>
                <a href={`/film/${slug}#reviews`} aria-current={order === 'liked' ? 'true' : undefined}>
                  Most liked
                </a>
              </li>
              <li>
                <a href={`/film/${slug}?reviews=newest#reviews`} aria-current={order === 'newest' ? 'true' : undefined}>
                  Newest
                </a>
              </li>
            </ul>
          </nav>
          {props.reviews.map((review) => (
            <ReviewCard key={review.id} review={review} show="author" />
          ))}
        </>
      )}
    </section>
  );
}
