import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import { type Review, reviewPath } from '../review.js';
import { formatDate, ReviewBody, Stars } from './ReviewCard.js';

/**
 * One review on its own page. The like form is the same for every member (Like / Take back my like: the page is
 * shared from the cache, and a member's likes of reviews are not part of the per-visitor lookup); guests are asked
 * to sign in.
 */
export function ReviewPage(props: { review: Review; flash: string | null }) {
  const { review } = props;
  const author = review.author!;
  const path = reviewPath(review.film.slug, author.handle);
  return (
    <article class="review review--page" id={`review-${review.id}`}>
      <h1>
        {author.displayName} on <a href={`/film/${review.film.slug}`}>{review.film.title}</a>
        {review.film.year ? ` (${review.film.year})` : ''}
      </h1>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <p class="review__meta">
        By <a href={`/u/${encodeURIComponent(author.handle)}`}>{author.displayName}</a> · <Stars stars={review.stars} />{' '}
        <time datetime={review.createdAt}>{formatDate(review.createdAt)}</time>
        {review.updatedAt !== review.createdAt && <> · edited {formatDate(review.updatedAt)}</>}
      </p>
      <ReviewBody review={review} />
      <footer class="review__likes" id="like">
        <p>{review.likes === 1 ? '1 member likes this review.' : `${review.likes} members like this review.`}</p>
        <PersonalChoice
          slot={{ kind: 'member' }}
          variants={{
            '': (
              <p>
                <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a> to like this review.
              </p>
            ),
            member: (
              <form method="post" action={`${path}/like`} class="form form--inline">
                <CsrfField />
                <button type="submit" name="liked" value="1" class="button button--small">
                  Like this review
                </button>{' '}
                <button type="submit" name="liked" value="0" class="link-button">
                  Take back my like
                </button>
              </form>
            ),
          }}
        />
      </footer>
    </article>
  );
}

/** schema.org Review for the review page (https://schema.org/Review). */
export function reviewJsonLd(review: Review, publicUrl: string) {
  const author = review.author!;
  return {
    '@context': 'https://schema.org',
    '@type': 'Review',
    url: `${publicUrl}${reviewPath(review.film.slug, author.handle)}`,
    datePublished: review.createdAt,
    dateModified: review.updatedAt,
    author: { '@type': 'Person', name: author.displayName, url: `${publicUrl}/u/${encodeURIComponent(author.handle)}` },
    itemReviewed: {
      '@type': 'Movie',
      name: review.film.title,
      url: `${publicUrl}/film/${review.film.slug}`,
      ...(review.film.year ? { dateCreated: String(review.film.year) } : {}),
    },
    ...(review.stars !== null
      ? { reviewRating: { '@type': 'Rating', ratingValue: review.stars, bestRating: 5, worstRating: 0.5 } }
      : {}),
    interactionStatistic: {
      '@type': 'InteractionCounter',
      interactionType: 'https://schema.org/LikeAction',
      userInteractionCount: review.likes,
    },
  };
}
