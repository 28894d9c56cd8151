import { pagerItems } from '../lib/pagination.js';

/**
 * A pager: Previous, page numbers around `current`, Next. Long lists (catalog archives, decision 041) link only some
 * numbers (`linked`) and give Previous and Next as their own addresses (keyset positions); `current` null is a page
 * between numbered ones.
 */
export function Pagination(props: {
  current: number | null;
  pageCount: number;
  hrefFor: (page: number) => string;
  linked?: (page: number) => boolean;
  previousHref?: string | null;
  nextHref?: string | null;
}) {
  const { current, pageCount, hrefFor, linked = () => true } = props;
  if (pageCount <= 1) return null;
  const previousHref =
    props.previousHref !== undefined ? props.previousHref : current && current > 1 ? hrefFor(current - 1) : null;
  const nextHref =
    props.nextHref !== undefined ? props.nextHref : current && current < pageCount ? hrefFor(current + 1) : null;
  // The linked numbers around the current page (first and last only on a page between numbered ones), a gap where
  // numbers are skipped.
  const numbers = pagerItems(current ?? 1, pageCount).filter(
    (n): n is number => n !== null && linked(n) && (current !== null || n === 1 || n === pageCount),
  );
  const shown = numbers.flatMap((n, i) => (i > 0 && n - numbers[i - 1]! > 1 ? [null, n] : [n]));
  return (
    <nav class="pager" aria-label="Pages">
      <ul>
        {previousHref && (
          <li>
            <a class="pager__step" href={previousHref} rel="prev">
              ← Previous
            </a>
          </li>
        )}
        {shown.map((n, i) =>
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
        {nextHref && (
          <li>
            <a class="pager__step" href={nextHref} rel="next">
              Next →
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
