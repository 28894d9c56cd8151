import { excerpt } from '../lib/excerpt.js';

export interface FilmCardProps {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
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

export function FilmCard(props: FilmCardProps & { headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="film-card">
      <TypographicPoster title={props.title} year={props.year} />
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
