import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import type { LikeView } from '../like.js';

export function likesText(likes: number): string {
  if (likes === 0) return 'Be the first to like this';
  return likes === 1 ? '1 person likes this' : `${likes.toLocaleString('en-US')} people like this`;
}

function LikeForm(props: { slug: string; liked: boolean }) {
  const { slug, liked } = props;
  return (
    <form method="post" action={`/film/${slug}/like`}>
      <CsrfField />
      <input type="hidden" name="liked" value={liked ? '0' : '1'} data-like-next />
      <button type="submit" class="like__button" aria-pressed={liked ? 'true' : 'false'} data-like-button>
        <span aria-hidden="true" class="like__heart">
          ♥
        </span>{' '}
        Like
      </button>
    </form>
  );
}

/**
 * A toggle button in a plain form; the like island posts it with fetch and updates from the answer. Whether this
 * visitor likes the film is a personal part of the shared page (views/render-marks.tsx).
 */
export function LikeWidget(props: { slug: string; filmId: number; view: LikeView }) {
  const { slug, view } = props;
  return (
    <section class="like" id="like" aria-label="Likes" data-island="like" data-slug={slug}>
      <PersonalChoice
        slot={{ kind: 'like', filmId: props.filmId }}
        variants={{ '': <LikeForm slug={slug} liked={false} />, liked: <LikeForm slug={slug} liked={true} /> }}
      />
      <p class="like__count" data-like-count aria-live="polite">
        {likesText(view.likes)}
      </p>
    </section>
  );
}
