import type { ComponentChildren } from 'preact';
import { PersonalChoice } from '../../../views/render-marks.js';
import type { FilmRef, Profile, TermCount, WatchlistPart } from '../diary.types.js';
import { DiaryList } from './DiaryList.js';

function FilmLinks(props: { films: FilmRef[] }) {
  return (
    <ul class="term-list">
      {props.films.map((f) => (
        <li key={f.slug}>
          <a href={`/film/${f.slug}`}>{f.title}</a>
          {f.year && <span class="muted"> ({f.year})</span>}
        </li>
      ))}
    </ul>
  );
}

function Terms(props: { base: string; terms: TermCount[] }) {
  if (props.terms.length === 0) return <p class="muted">Nothing logged yet.</p>;
  return (
    <ol class="term-list">
      {props.terms.map((t) => (
        <li key={t.slug}>
          <a href={`${props.base}/${t.slug}`}>{t.name}</a>{' '}
          <span class="term-list__count">
            {t.films} {t.films === 1 ? 'film' : 'films'}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Ratings by half-star, highest first, as meters (as the film page's histogram draws them). */
function RatingHistogram(props: { histogram: number[] }) {
  const max = Math.max(1, ...props.histogram);
  const halves = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  return (
    <ol class="histogram" aria-label="Ratings by half-star">
      {halves.map((half) => {
        const n = props.histogram[half - 1] ?? 0;
        const stars = half / 2;
        return (
          <li key={half} class="histogram__row">
            <span class="histogram__label">{stars}★</span>
            <meter
              class="histogram__bar"
              min={0}
              max={max}
              value={n}
              aria-label={`${stars} ${stars === 1 ? 'star' : 'stars'}: ${n} ${n === 1 ? 'rating' : 'ratings'}`}
            />
            <span class="histogram__count">{n}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="profile__section" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

function WatchlistSection(props: { part: WatchlistPart; handle: string }) {
  return (
    <Section id="watchlist" title={`Watchlist (${props.part.total})`}>
      {props.part.films.length > 0 ? (
        <FilmLinks films={props.part.films} />
      ) : (
        <p class="muted">Nothing on the watchlist.</p>
      )}
    </Section>
  );
}

/** What only the owner is sent on their shared profile: links to what is theirs alone. */
function OwnerTools(props: { watchlistPublic: boolean }) {
  return (
    <nav class="profile__owner" aria-label="Your profile">
      <p>
        This is your profile as others see it. <a href="/me/diary">Your whole diary</a> (private entries too) ·{' '}
        <a href="/me/watchlist">Your watchlist</a>
        {props.watchlistPublic ? '' : ' (private)'} · <a href="/my/lists/new">New list</a> ·{' '}
        <a href="/settings">Settings</a>
      </p>
    </nav>
  );
}

export function ProfilePage(props: {
  profile: Profile;
  reviewsSlot?: ComponentChildren;
  followSlot?: ComponentChildren;
}) {
  const { member, stats, isOwner } = props.profile;
  return (
    <article class="profile">
      <header class="profile__header">
        <h1>{member.displayName}</h1>
        <p class="muted">@{member.handle}</p>
        {member.bio && <p class="profile__bio">{member.bio}</p>}
        {/* Followers and the follow link: the activity feature's FollowBar (wired in server/routes.ts). */}
        {props.followSlot}
        {/* The lists feature's page; a plain link, so the profile depends on nothing of theirs. */}
        <p class="profile__lists">
          <a href={`/u/${member.handle}/lists`}>Lists by {member.displayName}</a>
        </p>
      </header>
      {isOwner ? (
        <p class="notice">Your profile is private: only you can see this page.</p>
      ) : (
        <PersonalChoice
          slot={{ kind: 'owner', memberId: member.id }}
          variants={{ '': <></>, owner: <OwnerTools watchlistPublic={member.watchlistPublic === 1} /> }}
        />
      )}
      <Section id="stats" title="Stats">
        <dl class="profile__stats">
          <dt>Films watched</dt>
          <dd>{stats.filmsWatched}</dd>
          <dt>This year</dt>
          <dd>{stats.thisYear}</dd>
          <dt>Ratings</dt>
          <dd>{stats.ratings}</dd>
          <dt>Average rating</dt>
          <dd>{stats.averageStars === null ? '–' : `${stats.averageStars} stars`}</dd>
        </dl>
        {stats.ratings > 0 && <RatingHistogram histogram={stats.histogram} />}
        <h3>Top genres</h3>
        <Terms base="/genre" terms={stats.topGenres} />
        <h3>Top directors</h3>
        <Terms base="/person" terms={stats.topDirectors} />
      </Section>
      <Section id="diary" title="Recent diary">
        <DiaryList entries={props.profile.recentDiary} headingLevel={3} />
        <p>
          <a href={`/u/${member.handle}/diary`}>The whole diary</a>
        </p>
      </Section>
      {/* Recent reviews: the reviews feature's MemberReviewsPreview goes here (wired in server/routes.ts). */}
      <div class="profile__reviews" data-slot="recent-reviews">
        {props.reviewsSlot}
      </div>
      <Section id="likes" title={`Likes (${props.profile.likes.total})`}>
        {props.profile.likes.films.length > 0 ? (
          <FilmLinks films={props.profile.likes.films} />
        ) : (
          <p class="muted">No likes yet.</p>
        )}
      </Section>
      {props.profile.watchlist && <WatchlistSection part={props.profile.watchlist} handle={member.handle} />}
      {props.profile.ownerWatchlist && <WatchlistSection part={props.profile.ownerWatchlist} handle={member.handle} />}
    </article>
  );
}
