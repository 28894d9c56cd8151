import { CsrfField } from '../../../views/render-marks.js';
import { ACTION_LABEL, ACTIONS_FOR, STATUS_LABEL } from '../../comments/index.js';
import type { QueuedReview } from '../review.js';
import type { ReviewStatus } from '../reviews.table.js';

const STATUSES: ReviewStatus[] = ['pending', 'approved', 'spam', 'trash'];

/** The review queue: the comment queue's tabs, search and bulk actions, for members' reviews. */
export function ReviewModerationPage(props: {
  status: ReviewStatus;
  counts: Record<ReviewStatus, number>;
  rows: QueuedReview[];
  q: string;
  page: number;
  hasMore: boolean;
}) {
  const back = `/admin/reviews?status=${props.status}${props.q ? `&q=${encodeURIComponent(props.q)}` : ''}`;
  return (
    <>
      <p>
        Members’ reviews pass the same moderation rules and spam filter as <a href="/admin/comments">comments</a>.
      </p>
      <nav aria-label="Review status" class="tabs">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={`/admin/reviews?status=${s}`} aria-current={s === props.status ? 'page' : undefined}>
                {STATUS_LABEL[s]} <span class="tabs__count">{props.counts[s]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search>
        <form method="get" action="/admin/reviews" class="form form--inline">
          <input type="hidden" name="status" value={props.status} />
          <div class="field">
            <label for="review-search">Search reviews</label>
            <input id="review-search" type="search" name="q" value={props.q} />
          </div>
          <button type="submit" class="button button--small">
            Search
          </button>
        </form>
      </search>
      {props.rows.length === 0 ? (
        <p>
          No {STATUS_LABEL[props.status].toLowerCase()} reviews{props.q ? ' match' : ''}.
        </p>
      ) : (
        <form method="post" action="/admin/reviews/bulk" id="bulk">
          <CsrfField />
          <input type="hidden" name="back" value={back} />
          <div class="form--inline">
            <div class="field">
              <label for="bulk-action">With the selected reviews</label>
              <select id="bulk-action" name="action">
                {ACTIONS_FOR[props.status].map((a) => (
                  <option key={a} value={a}>
                    {ACTION_LABEL[a]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button--small">
              Apply
            </button>
          </div>
          <ul class="moderation-list">
            {props.rows.map((r) => {
              const reasons = JSON.parse(r.reasons) as string[];
              const who = r.display_name ?? 'A former member';
              return (
                <li key={r.id} class="moderation-item" id={`review-${r.id}`}>
                  <div class="moderation-item__select">
                    <input type="checkbox" name="ids" value={String(r.id)} id={`select-${r.id}`} />
                    <label for={`select-${r.id}`} class="visually-hidden">
                      Select review {r.id} by {who}
                    </label>
                  </div>
                  <div>
                    <p class="moderation-item__meta">
                      <strong>{who}</strong>
                      {r.handle && <> (@{r.handle})</>}
                      {r.suspended_at && <> · suspended</>} · on <a href={`/film/${r.film_slug}`}>{r.film_title}</a> ·{' '}
                      <time datetime={r.created_at}>{r.created_at.slice(0, 16).replace('T', ' ')}</time>
                      {r.spoiler === 1 && <> · marked as a spoiler</>}
                      {r.spam_score !== null && <> · spam score {Number(r.spam_score).toFixed(2)}</>}
                    </p>
                    <p class="moderation-item__body">{r.body}</p>
                    {reasons.length > 0 && (
                      <ul class="moderation-item__reasons" aria-label="Why it was held">
                        {reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    )}
                    <p class="moderation-item__actions">
                      {ACTIONS_FOR[props.status].map((a) => (
                        <button
                          key={a}
                          type="submit"
                          class="link-button"
                          formaction={`/admin/reviews/${r.id}/${a}`}
                          aria-label={`${ACTION_LABEL[a]}: review ${r.id} by ${who}`}
                        >
                          {ACTION_LABEL[a]}
                        </button>
                      ))}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </form>
      )}
      <nav class="pager" aria-label="Pages">
        <ul>
          {props.page > 1 && (
            <li>
              <a href={`${back}&page=${props.page - 1}`}>← Newer</a>
            </li>
          )}
          {props.hasMore && (
            <li>
              <a href={`${back}&page=${props.page + 1}`}>Older →</a>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}
