import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import { CommentFormExtras, type FormExtra } from '../../comments/index.js';
import { type Review, type ReviewReply, reviewFormPath, reviewPath } from '../review.js';
import { formatDate, ReviewBody, Stars } from './ReviewCard.js';

/** What a refused reply form shows again. */
export interface ReplyFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const NO_REPLY_FORM: ReplyFormState = { values: {}, errors: {} };

function Field(props: { name: string; label: string; type?: string; form: ReplyFormState; hint?: string }) {
  const id = `reply-${props.name}`;
  const error = props.form.errors[props.name];
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form.values[props.name] ?? ''}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && !error && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function ReplyBody(props: { form: ReplyFormState }) {
  const error = props.form.errors.body;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for="reply-body">Your reply</label>
      <textarea
        id="reply-body"
        name="body"
        rows={4}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'reply-body-error' : undefined}
      >
        {props.form.values.body ?? ''}
      </textarea>
      {error && (
        <p class="field__error" id="reply-body-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * Replies and the reply form. Guests give a name and an email address (as on any comment); a member replies as
 * themselves, so their variant of the form asks only for the text.
 */
function Replies(props: { path: string; replies: ReviewReply[]; extras: FormExtra[]; form: ReplyFormState }) {
  const form = (member: boolean) => (
    <form method="post" action={`${props.path}/replies#replies`} class="form reply-form">
      <CsrfField />
      {!member && (
        <>
          <Field name="authorName" label="Name" form={props.form} />
          <Field
            name="authorEmail"
            label="Email"
            type="email"
            form={props.form}
            hint="Never shown; used only if a moderator needs to reach you."
          />
        </>
      )}
      <ReplyBody form={props.form} />
      <CommentFormExtras extras={props.extras} />
      <button type="submit" class="button button--small">
        Post reply
      </button>
    </form>
  );
  return (
    <section class="review__replies" id="replies" aria-labelledby="replies-heading">
      <h2 id="replies-heading">Replies {props.replies.length > 0 && `(${props.replies.length})`}</h2>
      {props.replies.length === 0 && <p>No replies yet.</p>}
      {props.replies.map((reply) => (
        <article class="comment" id={`comment-${reply.id}`} key={reply.id}>
          <p class="comment__meta">
            <span class="comment__author">{reply.authorName}</span> ·{' '}
            <time datetime={reply.createdAt}>{formatDate(reply.createdAt)}</time>
          </p>
          <div class="comment__body">
            {reply.body.split(/\n{2,}/).map((paragraph, i) => (
              // Paragraphs have no identity but their order; the text is plain and escaped.
              <p key={i}>{paragraph}</p>
            ))}
          </div>
        </article>
      ))}
      <PersonalChoice slot={{ kind: 'member' }} variants={{ '': form(false), member: form(true) }} />
    </section>
  );
}

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
      <Replies path={path} replies={props.replies} extras={props.extras} form={props.replyForm ?? NO_REPLY_FORM} />
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
