import type { Review } from '../review.js';
import { ReviewCard } from './ReviewCard.js';

/** A member's reviews, newest first, a page at a time, with their feed. */
export function MemberReviewsPage(props: {
  member: { handle: string; displayName: string };
  reviews: Review[];
  page: number;
  hasMore: boolean;
}) {
  const base = `/u/${encodeURIComponent(props.member.handle)}/reviews`;
  return (
    <div class="page">
      <h1>Reviews by {props.member.displayName}</h1>
      <p>
        <a href={`/u/${encodeURIComponent(props.member.handle)}`}>Profile</a> ·{' '}
        <a href={`${base}.xml`}>Feed of these reviews (Atom)</a>
      </p>
      {props.reviews.length === 0 ? (
        <p>No reviews {props.page > 1 ? 'on this page' : 'yet'}.</p>
      ) : (
        props.reviews.map((review) => <ReviewCard key={review.id} review={review} show="film" headingLevel="h2" />)
      )}
      <nav class="pager" aria-label="Pages">
        <ul>
          {props.page > 1 && (
            <li>
              <a href={props.page === 2 ? base : `${base}?page=${props.page - 1}`}>← Newer</a>
            </li>
          )}
          {props.hasMore && (
            <li>
              <a href={`${base}?page=${props.page + 1}`}>Older →</a>
            </li>
          )}
        </ul>
      </nav>
    </div>
  );
}

/** For the profile page: a member's latest reviews, and a link to all of them. */
export function MemberReviewsPreview(props: { handle: string; reviews: Review[] }) {
  const base = `/u/${encodeURIComponent(props.handle)}/reviews`;
  return (
    <section class="reviews reviews--preview" aria-labelledby="member-reviews-heading">
      <h2 id="member-reviews-heading">Reviews</h2>
      {props.reviews.length === 0 ? (
        <p>No reviews yet.</p>
      ) : (
        props.reviews.map((review) => <ReviewCard key={review.id} review={review} show="film" />)
      )}
      <p>
        <a href={base}>All reviews</a> · <a href={`${base}.xml`}>Feed</a>
      </p>
    </section>
  );
}
