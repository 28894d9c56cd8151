import { pagerItems } from '../lib/pagination.js';

export function Pagination(props: { current: number; pageCount: number; hrefFor: (page: number) => string }) {
  const { current, pageCount, hrefFor } = props;
  if (pageCount <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <ul>
        {current > 1 && (
          <li>
            <a class="pager__step" href={hrefFor(current - 1)} rel="prev">
              ← Previous
            </a>
          </li>
        )}
        {pagerItems(current, pageCount).map((n, i) =>
          n === null ? (
            // Gaps have no identity but their place.
            <li key={`gap-${i}`} class="pager__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              {n === current ? (
                <span class="pager__current" aria-current="page">
                  <span class="visually-hidden">Page </span>
                  {n}
                </span>
              ) : (
                <a href={hrefFor(n)}>
                  <span class="visually-hidden">Page </span>
                  {n}
                </a>
              )}
            </li>
          ),
        )}
        {current < pageCount && (
          <li>
            <a class="pager__step" href={hrefFor(current + 1)} rel="next">
              Next →
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
