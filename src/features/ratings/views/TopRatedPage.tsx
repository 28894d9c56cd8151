import type { Page } from '../../../lib/pagination.js';
import { PosterImage } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import type { TopRatedEntry } from '../rating.js';
import { votesLabel } from './RatingWidget.js';

export function TopRatedPage(props: { entries: TopRatedEntry[]; page: Page; priorVotes: number }) {
  const { entries, page } = props;
  return (
    <section>
      <h1>Top rated</h1>
      <p class="muted">
        Ranked by weighted rating, so a film needs votes as well as stars to rank high.{' '}
        <a href="/about/ratings">How the ranking works</a>.
      </p>
      {entries.length === 0 ? (
        <p>No film has been rated yet. Open any film and be the first to rate it.</p>
      ) : (
        <ol class="ranking" start={page.offset + 1}>
          {entries.map((e) => (
            <li key={e.slug} class="ranking__item">
              <PosterImage posterKey={e.posterKey} title={e.title} year={e.year} genre={e.genre} size="thumb" />
              <div>
                <h2 class="ranking__title">
                  <a href={`/film/${e.slug}`}>{e.title}</a>
                  {e.year && <span class="muted"> ({e.year})</span>}
                </h2>
                <p class="ranking__score">
                  <strong>{e.average.toFixed(1)}</strong> / 5 · {votesLabel(e.votes)} · weighted {e.weighted.toFixed(2)}
                  {e.votes < props.priorVotes && <span class="muted"> · fewer than {props.priorVotes} votes</span>}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
      <Pagination
        current={page.number}
        pageCount={page.pageCount}
        hrefFor={(n) => (n > 1 ? `/top-rated?page=${n}` : '/top-rated')}
      />
    </section>
  );
}
