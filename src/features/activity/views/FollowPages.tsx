import { CsrfField } from '../../../views/render-marks.js';
import type { PersonRow } from '../activity.js';

/** The profile's line: counts and a link to the follow form (the profile stays one cached page for everyone). */
export function FollowBar(props: { handle: string; followers: number; following: number }) {
  const base = `/u/${encodeURIComponent(props.handle)}`;
  return (
    <p class="follow-bar">
      <a href={`${base}/followers`}>
        {props.followers} {props.followers === 1 ? 'follower' : 'followers'}
      </a>{' '}
      · <a href={`${base}/following`}>{props.following} following</a> ·{' '}
      <a href={`${base}/follow`}>Follow or unfollow</a>
    </p>
  );
}

/** `/u/:handle/follow`: the viewer's own state and one button (never cached). */
export function FollowPage(props: {
  person: { handle: string; displayName: string };
  state: 'guest' | 'self' | 'following' | 'not-following';
  flash?: string | null;
}) {
  const base = `/u/${encodeURIComponent(props.person.handle)}`;
  const { state } = props;
  return (
    <div class="page">
      <h1>Follow {props.person.displayName}</h1>
      {props.flash && (
        <p class="notice" role="status">
          {props.flash}
        </p>
      )}
      {state === 'guest' && (
        <p>
          <a href={`/login?next=${encodeURIComponent(`${base}/follow`)}`}>Sign in</a> to follow members and see what
          they do under <a href="/activity/following">Activity → Following</a>.
        </p>
      )}
      {state === 'self' && <p>This is you: you cannot follow yourself.</p>}
      {(state === 'following' || state === 'not-following') && (
        <form method="post" action={`${base}/follow`} class="follow-form">
          <CsrfField />
          <input type="hidden" name="follow" value={state === 'following' ? '0' : '1'} />
          <p>
            {state === 'following'
              ? `You follow @${props.person.handle}.`
              : `You do not follow @${props.person.handle}.`}
          </p>
          <button type="submit" class="button">
            {state === 'following' ? 'Unfollow' : 'Follow'}
          </button>
        </form>
      )}
      <p>
        <a href={base}>Back to the profile</a> · <a href="/activity/following">Activity of members you follow</a>
      </p>
    </div>
  );
}

/** `/u/:handle/followers` and `/u/:handle/following`. */
export function PeoplePage(props: {
  person: { handle: string; displayName: string };
  direction: 'followers' | 'following';
  people: PersonRow[];
  next: string | null;
}) {
  const base = `/u/${encodeURIComponent(props.person.handle)}`;
  const title =
    props.direction === 'followers'
      ? `Members following ${props.person.displayName}`
      : `Members ${props.person.displayName} follows`;
  return (
    <div class="page">
      <h1>{title}</h1>
      <p>
        <a href={base}>Back to the profile</a>
      </p>
      {props.people.length === 0 ? (
        <p>Nobody yet.</p>
      ) : (
        <ul class="people">
          {props.people.map((p) => (
            <li key={p.id}>
              <a href={`/u/${encodeURIComponent(p.handle)}`}>{p.displayName}</a> <span class="muted">@{p.handle}</span>
            </li>
          ))}
        </ul>
      )}
      <nav class="pager" aria-label="Pages">
        <ul>
          {props.next !== null && (
            <li>
              <a href={`${base}/${props.direction}?after=${encodeURIComponent(props.next)}`} rel="next">
                More →
              </a>
            </li>
          )}
        </ul>
      </nav>
    </div>
  );
}
