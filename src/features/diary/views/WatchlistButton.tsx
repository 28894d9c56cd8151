import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';

/** One click in a plain form; the watchlist island sends it with fetch and flips the button from the answer. */
function WatchlistForm(props: { slug: string; listed: boolean; back: string; compact?: boolean }) {
  const { slug, listed } = props;
  return (
    <form method="post" action={`/film/${slug}/watchlist`} class="watchlist__form">
      <CsrfField />
      <input type="hidden" name="listed" value={listed ? '0' : '1'} data-watchlist-next />
      <input type="hidden" name="back" value={props.back} />
      <button
        type="submit"
        class={`watchlist__button${props.compact ? ' button--small' : ''}`}
        aria-pressed={listed ? 'true' : 'false'}
        data-watchlist-button
      >
        {listed ? 'On your watchlist' : 'Add to watchlist'}
      </button>
    </form>
  );
}

function SignInToKeep(props: { back: string }) {
  return (
    <p class="watchlist__guest">
      <a href={`/login?next=${encodeURIComponent(props.back)}`}>Sign in to keep a watchlist</a>
    </p>
  );
}

/**
 * The watchlist toggle as a personal part of a shared page (decision 033): guests see the same sign-in link (so the
 * page stays one for all guests), a member the form in their state, chosen at serve time from their watchlist.
 */
export function WatchlistButton(props: { slug: string; filmId: number; back: string; compact?: boolean }) {
  const { slug, back, compact } = props;
  return (
    <div class="watchlist" data-island="watchlist" data-slug={slug}>
      <PersonalChoice
        slot={{ kind: 'watchlist', filmId: props.filmId }}
        variants={{
          '': <SignInToKeep back={back} />,
          member: <WatchlistForm slug={slug} listed={false} back={back} compact={compact} />,
          listed: <WatchlistForm slug={slug} listed={true} back={back} compact={compact} />,
        }}
      />
    </div>
  );
}
