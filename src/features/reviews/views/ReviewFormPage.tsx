import { TextArea } from '../../../views/FormParts.js';
import { CsrfField } from '../../../views/render-marks.js';
import { CommentFormExtras, type FormExtra } from '../../comments/index.js';
import { REVIEW_MAX, type Review, reviewFormPath, reviewPath } from '../review.js';
import { Stars } from './ReviewCard.js';

export interface ReviewFormState {
  body: string;
  spoiler: boolean;
  error?: string;
}

const STATUS_NOTE: Record<Review['status'], string> = {
  approved: 'Your review is published.',
  pending: 'Your review is awaiting moderation: only you can see it until a moderator approves it.',
  spam: 'Your review was held as possible spam; a moderator will look at it.',
  trash: 'Your review was removed by a moderator.',
};

/** Write or edit one's review of a film; the why-not when the member may not publish yet. */
export function ReviewFormPage(props: {
  film: { slug: string; title: string };
  handle: string;
  confirmed: boolean;
  stars: number | null;
  existing: Review | null;
  form: ReviewFormState;
  flash: string | null;
  /** The spam filter's fields (honeypot, form stamp), the same as the comment form's. */
  extras: FormExtra[];
}) {
  const { film, existing, form } = props;
  const action = reviewFormPath(film.slug);
  return (
    <div class="page page--narrow">
      <h1>
        {existing ? 'Edit your review of ' : 'Review '}
        <a href={`/film/${film.slug}`}>{film.title}</a>
      </h1>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      {!props.confirmed ? (
        <p class="notice" role="note">
          Only members with a confirmed email address can write reviews, so that each review has a real person behind
          it. Follow the link in the email we sent you, then come back to this page.
        </p>
      ) : (
        <>
          {existing && (
            <p class="notice">
              {STATUS_NOTE[existing.status]}{' '}
              {existing.status === 'approved' && <a href={reviewPath(film.slug, props.handle)}>See it</a>}
            </p>
          )}
          <p>
            Your rating: {props.stars === null ? 'none yet' : <Stars stars={props.stars} />}{' '}
            <a href={`/film/${film.slug}#rating`}>{props.stars === null ? 'Rate the film' : 'Change it'}</a>
          </p>
          <form method="post" action={action} class="form review-form">
            <CsrfField />
            <TextArea
              name="body"
              label="Your review"
              value={form.body}
              rows={12}
              error={form.error}
              hint={`Markdown: *emphasis*, **strong**, [link](https://…), > quote, - list. Hide a twist inline with ||two bars on each side||. At most ${REVIEW_MAX.toLocaleString('en-US')} characters.`}
            />
            <div class="field field--checkbox">
              <input type="checkbox" id="review-spoiler" name="spoiler" value="1" checked={form.spoiler} />
              <label for="review-spoiler">The whole review gives the plot away (hide it behind a click)</label>
            </div>
            <CommentFormExtras extras={props.extras} />
            <button type="submit" class="button">
              {existing ? 'Save changes' : 'Publish review'}
            </button>
          </form>
          {existing && (
            <form method="post" action={`${action}/delete`} class="form review-form__delete">
              <CsrfField />
              <button type="submit" class="button button--danger button--small">
                Delete my review
              </button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
