import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import { FlatThread, type FlatThreadForm, type FormExtra } from '../../comments/index.js';
import { type Review, type ReviewReply, reviewFormPath, reviewPath } from '../review.js';
import { formatDate, ReviewBody, Stars } from './ReviewCard.js';

/** What a refused reply form shows again. */
export type ReplyFormState = FlatThreadForm;

/** The like form: one button, "Like" or "Take back", as the member's state says (a personal choice, decision 022). */
function LikeForm(props: { path: string; liked: boolean }) {
  return (
    <form method="post" action={`${props.path}/like`} class="form form--inline">
      <CsrfField />
      {props.liked ? (
        <>
          <span>You like this review.</span>{' '}
          <button type="submit" name="liked" value="0" class="link-button">
            Take back my like
          </button>
        </>
      ) : (
        <button type="submit" name="liked" value="1" class="button button--small">
          Like this review
        </button>
      )}
    </form>
  );
}

/**
 * One review on its own page. The like part is a personal choice spliced in as the shared page goes out: guests are
 * asked to sign in, members see "Like" or "Take back" as they stand, the author neither.
 */
export function ReviewPage(props: {
  review: Review;
  /** The author's member id: they see an edit link where others see the like form. */
  authorId: number;
  flash: string | null;
  replies: ReviewReply[];
  extras: FormExtra[];
  replyForm?: ReplyFormState;
}) {
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
          slot={{ kind: 'review-like', reviewId: review.id, authorId: props.authorId }}
          variants={{
            '': (
              <p>
                <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a> to like this review.
              </p>
            ),
            owner: (
              <p>
                This is your review: <a href={reviewFormPath(review.film.slug)}>edit it</a>.
              </p>
            ),
            member: <LikeForm path={path} liked={false} />,
            liked: <LikeForm path={path} liked={true} />,
          }}
        />
      </footer>
      <FlatThread
        anchor="replies"
        idPrefix="reply"
        class="review__replies"
        heading="Replies"
        empty="No replies yet."
        bodyLabel="Your reply"
        submitLabel="Post reply"
        action={`${path}/replies`}
        items={props.replies}
        extras={props.extras}
        form={props.replyForm}
      />
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
