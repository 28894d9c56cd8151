import { excerpt } from '../lib/excerpt.js';
import { posterSources } from '../lib/poster-key.js';
import { posterArt } from './poster-art.js';

export interface FilmCardProps {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  /** An uploaded poster (features/posters); without one the card shows the generated poster. */
  posterKey?: string | null;
  /** The film's first genre: it shapes the generated poster and is printed beside the year. */
  genre?: string | null;
  /** One line about the film (catalog's `logline`); the synopsis' opening is excerpted when absent. */
  logline?: string;
}

/**
 * One of 24 hues picked from a name (comment avatars). A class, not an inline style, because the
 * Content-Security-Policy forbids inline styles.
 */
export function posterHueClass(title: string): string {
  let h = 0;
  for (let i = 0; i < title.length; i++) h = (h * 31 + title.charCodeAt(i)) >>> 0;
  return `hue-${h % 24}`;
}

type PosterSize = 'card' | 'large' | 'thumb';

/**
 * The generated poster: a big initial, the year and the genre over a motif, styled by genre, decade and title
 * (views/poster-art.ts). Never the title itself: the card or page heading beside it already says that, and a screen
 * reader should hear it once, hence aria-hidden.
 */
export function TypographicPoster(props: {
  title: string;
  year: number | null;
  genre?: string | null;
  size?: PosterSize;
}) {
  const art = posterArt(props);
  return (
    <div class={`poster poster--size-${props.size ?? 'card'} ${art.classes}`} aria-hidden="true">
      <span class="poster__motif" />
      <span class="poster__initial">{art.initial}</span>
      {props.year && <span class="poster__year">{props.year}</span>}
      {art.label && <span class="poster__genre">{art.label}</span>}
    </div>
  );
}

/** How wide a poster is drawn, so the browser picks the smallest file in `srcset` that stays sharp. */
const POSTER_SIZES: Record<PosterSize, string> = {
  card: '(max-width: 40rem) 30vw, 11rem',
  large: '(max-width: 44rem) 8rem, 18rem',
  thumb: '5rem',
};

/**
 * The uploaded poster as resized WebP copies (`srcset`) in a fixed 2:3 box (no layout shift while it loads), or the
 * generated poster when there is none. Next to the film's title the image adds nothing a screen reader needs, hence
 * the empty alt unless the caller names it.
 */
export function PosterImage(props: {
  posterKey?: string | null;
  title: string;
  year: number | null;
  genre?: string | null;
  size?: PosterSize;
  alt?: string;
}) {
  const size = props.size ?? 'card';
  const sources = props.posterKey ? posterSources(props.posterKey) : null;
  if (!sources) return <TypographicPoster title={props.title} year={props.year} genre={props.genre} size={size} />;
  return (
    <img
      class={`poster-image poster-image--${size}`}
      src={sources.src}
      srcset={sources.srcset}
      sizes={POSTER_SIZES[size]}
      alt={props.alt ?? ''}
      width={400}
      height={600}
      loading={size === 'large' ? undefined : 'lazy'}
      fetchpriority={size === 'large' ? 'high' : undefined}
      decoding="async"
    />
  );
}

export function FilmCard(props: FilmCardProps & { headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const line = props.logline ?? (props.synopsis ? excerpt(props.synopsis, 90) : '');
  return (
    <article class="film-card">
      <PosterImage posterKey={props.posterKey} title={props.title} year={props.year} genre={props.genre} />
      <div class="film-card__body">
        <Heading class="film-card__title">
          <a href={`/film/${props.slug}`}>{props.title}</a>
        </Heading>
        {(props.year || props.genre) && (
          <p class="film-card__meta">
            {props.year && <span class="film-card__year">{props.year}</span>}
            {props.year && props.genre && ' · '}
            {props.genre}
          </p>
        )}
        {line && <p class="film-card__logline">{line}</p>}
      </div>
    </article>
  );
}

export function FilmGrid(props: { films: FilmCardProps[]; headingLevel?: 2 | 3; label?: string }) {
  return (
    <ul class="film-grid" aria-label={props.label}>
      {props.films.map((f) => (
        <li key={f.slug}>
          <FilmCard {...f} headingLevel={props.headingLevel} />
        </li>
      ))}
    </ul>
  );
}
