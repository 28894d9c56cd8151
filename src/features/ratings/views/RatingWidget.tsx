import type { VNode } from 'preact';
import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import type { RatingView } from '../rating.js';

const STAR_VALUES = [5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5];

export const starsLabel = (stars: number) => `${stars} ${stars === 1 ? 'star' : 'stars'}`;
export const votesLabel = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'vote' : 'votes'}`;

/** What a voter is told: the truth about a vote held back by the per-network rule (the island says the same). */
export const savedMessage = (stars: number, held: boolean) =>
  held
    ? `Your rating of ${starsLabel(stars)} is saved. It will count in the average after review: many votes on this film came from your network.`
    : `Thanks! Your rating of ${starsLabel(stars)} is saved.`;

export function RatingSummaryText(props: { rating: RatingView }) {
  const { rating } = props;
  if (rating.count === 0 || rating.average === null) {
    return (
      <p class="rating__summary" data-rating-summary>
        Be the first one!
      </p>
    );
  }
  return (
    <p class="rating__summary" data-rating-summary>
      <strong class="rating__average">{rating.average.toFixed(1)}</strong>
      <span class="rating__outof"> / 5</span> <span class="rating__count">({votesLabel(rating.count)})</span>
    </p>
  );
}

/** "Members 4.1 (320) · Guests 3.6 (40)": the two parts of the combined figure (decision 034). */
export function splitText(rating: Pick<RatingView, 'members' | 'guests'>): string {
  const part = (label: string, kind: RatingView['members']) =>
    `${label} ${kind.average === null ? '–' : kind.average.toFixed(1)} (${kind.count.toLocaleString('en-US')})`;
  return `${part('Members', rating.members)} · ${part('Guests', rating.guests)}`;
}

/** Ten half-star bars, 5★ at the top; a vote of 4.5 is counted as 4.5, not rounded into 5. */
function Histogram(props: { rating: RatingView }) {
  const max = Math.max(1, ...props.rating.halfStars);
  return (
    <ol class="histogram" aria-label="Votes by stars" data-rating-histogram>
      {STAR_VALUES.map((bar) => {
        const n = props.rating.halfStars[bar * 2 - 1] ?? 0;
        return (
          <li key={bar} class="histogram__row">
            <span class="histogram__label">{bar}★</span>
            <meter
              class="histogram__bar"
              min={0}
              max={max}
              value={n}
              aria-label={`${starsLabel(bar)}: ${votesLabel(n)}`}
            />
            <span class="histogram__count">{n}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** The part of the widget that shows the visitor's own vote: their stars checked, "Your rating", "Remove". */
function YourVote(props: { action: string; yours: number | null }) {
  const { action, yours } = props;
  return (
    <>
      <form class="rating__form" method="post" action={action}>
        <CsrfField />
        <fieldset class="stars">
          <legend class="stars__legend">Your rating</legend>
          <div class="stars__inputs">
            {STAR_VALUES.map((value) => {
              const id = `stars-${String(value).replace('.', '-')}`;
              const half = Number.isInteger(value) ? 'right' : 'left';
              return (
                <>
                  <input
                    key={id}
                    class="visually-hidden stars__input"
                    type="radio"
                    name="stars"
                    id={id}
                    value={String(value)}
                    checked={yours === value}
                    required
                  />
                  <label for={id} class={`stars__star stars__star--${half}`} title={starsLabel(value)}>
                    <span class="visually-hidden">{starsLabel(value)}</span>
                  </label>
                </>
              );
            })}
          </div>
        </fieldset>
        <button type="submit" class="button button--small">
          {yours === null ? 'Rate' : 'Change rating'}
        </button>
      </form>
      <p class="rating__yours" data-rating-yours aria-live="polite">
        {yours !== null && (
          <>
            Your rating: <strong>{starsLabel(yours)}</strong>
          </>
        )}
      </p>
      <form method="post" action={action} class="rating__remove" data-rating-remove hidden={yours === null}>
        <CsrfField />
        <input type="hidden" name="remove" value="1" />
        <button type="submit" class="link-button">
          Remove my rating
        </button>
      </form>
    </>
  );
}

/** Every way the visitor's own part can look, by their vote in stars ('' = no vote): the page cache picks theirs. */
function yourVoteVariants(action: string) {
  const variants: Record<string, VNode> = { '': <YourVote action={action} yours={null} /> };
  for (const value of STAR_VALUES) variants[String(value)] = <YourVote action={action} yours={value} />;
  return variants;
}

/**
 * The star widget: a radio group of half stars inside a plain form (works without JavaScript); the rating island
 * submits the same form with fetch and redraws the numbers from the server's answer. The page is shared by every
 * visitor, so the visitor's own vote is a personal part (views/render-marks.tsx) filled in as the page goes out.
 */
export function RatingWidget(props: { slug: string; filmId: number; rating: RatingView }) {
  const { slug, rating } = props;
  const action = `/film/${slug}/rating`;
  return (
    <section class="rating" id="rating" aria-labelledby="rating-heading" data-island="rating" data-slug={slug}>
      <h2 id="rating-heading" class="rating__heading">
        User Rating
      </h2>
      <RatingSummaryText rating={rating} />
      <p class="rating__split" data-rating-split hidden={rating.count === 0}>
        {splitText(rating)}{' '}
        <a href="/about/ratings#members-and-guests" class="rating__split-about">
          <span class="visually-hidden">About members' and guests' ratings</span>
          <span aria-hidden="true">?</span>
        </a>
      </p>
      <Histogram rating={rating} />
      <PersonalChoice slot={{ kind: 'rating', filmId: props.filmId }} variants={yourVoteVariants(action)} />
      <p class="rating__about">
        <a href="/about/ratings">How ratings work</a>
      </p>
    </section>
  );
}
