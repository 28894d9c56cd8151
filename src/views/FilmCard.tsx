import { excerpt } from '../lib/excerpt.js';
import { posterSources } from '../lib/poster-key.js';

export interface FilmCardProps {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  /** An uploaded poster (features/posters); without one the card shows the typographic poster. */
  posterKey?: string | null;
}

/**
 * One of 24 hues picked from the title, so each typographic poster keeps its colour without any image. A class, not
 * an inline style, because the Content-Security-Policy forbids inline styles.
 */
export function posterHueClass(title: string): string {
  let h = 0;
  for (let i = 0; i < title.length; i++) h = (h * 31 + title.charCodeAt(i)) >>> 0;
  return `hue-${h % 24}`;
}

export function TypographicPoster(props: { title: string; year: number | null; size?: 'card' | 'large' }) {
  return (
    <div class={`poster poster--${props.size ?? 'card'} ${posterHueClass(props.title)}`} aria-hidden="true">
      <span class="poster__title">{props.title}</span>
      {props.year && <span class="poster__year">{props.year}</span>}
    </div>
  );
}

/** How wide a poster is drawn, so the browser picks the smallest file in `srcset` that stays sharp. */
const POSTER_SIZES = {
  card: '(max-width: 30rem) 45vw, 12rem',
  large: '(max-width: 44rem) 12rem, 16rem',
} as const;

/**
 * The uploaded poster as resized WebP copies (`srcset`), or the typographic poster when there is none. Next to the
 * film's title the image adds nothing a screen reader needs, hence the empty alt unless the caller names it.
 */
export function PosterImage(props: {
  posterKey?: string | null;
  title: string;
  year: number | null;
  size?: 'card' | 'large';
  alt?: string;
}) {
  const sources = props.posterKey ? posterSources(props.posterKey) : null;
  if (!sources) return <TypographicPoster title={props.title} year={props.year} size={props.size} />;
  return (
    <img
      class={`poster-image poster-image--${props.size ?? 'card'}`}
      src={sources.src}
      srcset={sources.srcset}
      sizes={POSTER_SIZES[props.size ?? 'card']}
      alt={props.alt ?? ''}
      loading={props.size === 'large' ? undefined : 'lazy'}
      decoding="async"
    />
  );
}

export function FilmCard(props: FilmCardProps & { headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="film-card">
      <PosterImage posterKey={props.posterKey} title={props.title} year={props.year} />
      <div class="film-card__body">
        <Heading class="film-card__title">
          <a href={`/film/${props.slug}`}>{props.title}</a>
        </Heading>
        {props.year && <p class="film-card__year">{props.year}</p>}
        {props.synopsis && <p class="film-card__excerpt">{excerpt(props.synopsis, 110)}</p>}
      </div>
    </article>
  );
}

export function FilmGrid(props: { films: FilmCardProps[]; headingLevel?: 2 | 3 }) {
  return (
    <ul class="film-grid">
      {props.films.map((f) => (
        <li key={f.slug}>
          <FilmCard {...f} headingLevel={props.headingLevel} />
        </li>
      ))}
    </ul>
  );
}
