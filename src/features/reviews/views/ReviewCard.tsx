import { type Review, reviewPath } from '../review.js';
import { renderReviewMarkdown } from '../review-markdown.js';

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function Stars(props: { stars: number | null }) {
  if (props.stars === null) return null;
  const full = Math.floor(props.stars);
  const text = `${'★'.repeat(full)}${props.stars % 1 ? '½' : ''}`;
  return (
    <span class="review__stars" role="img" aria-label={`Rated ${props.stars} out of 5 stars`}>
      {text}
    </span>
  );
}

/**
 * The review's text. The HTML comes from renderReviewMarkdown (sanitised, allow-listed). A spoiler review sits in
 * a closed <details>: hidden until clicked, with JavaScript off too, and announced as a disclosure.
 */
export function ReviewBody(props: { review: Review }) {
  const { review } = props;
  const html = renderReviewMarkdown(review.body, `review-${review.id}`);
  // The HTML is sanitised by renderReviewMarkdown's allow-list.
  const body = <div class="review__body" dangerouslySetInnerHTML={{ __html: html }} />;
  if (!review.spoiler) return body;
  return (
    <details class="review__spoiler">
      <summary>This review contains spoilers: show it</summary>
      {body}
    </details>
  );
}

/** One review in a list: author (or film, on a member's list), stars, date, text, likes, its own page. */
export function ReviewCard(props: { review: Review; show: 'author' | 'film'; headingLevel?: 'h3' | 'h2' }) {
  const { review } = props;
  const Heading = props.headingLevel ?? 'h3';
  const href = review.author ? reviewPath(review.film.slug, review.author.handle) : null;
  return (
    <article class="review" id={`review-${review.id}`}>
      <header class="review__header">
        <Heading class="review__title">
          {props.show === 'film' ? (
            <a href={`/film/${review.film.slug}`}>
              {review.film.title}
              {review.film.year ? ` (${review.film.year})` : ''}
            </a>
          ) : review.author ? (
            <a href={`/u/${encodeURIComponent(review.author.handle)}`}>{review.author.displayName}</a>
          ) : (
            'A former member'
          )}
        </Heading>
        <p class="review__meta">
          <Stars stars={review.stars} /> <time datetime={review.createdAt}>{formatDate(review.createdAt)}</time>
          {' · '}
          {review.likes === 1 ? '1 like' : `${review.likes} likes`}
          {href && (
            <>
              {' · '}
              <a href={href}>Read on its own page</a>
            </>
          )}
        </p>
      </header>
      <ReviewBody review={review} />
    </article>
  );
}
