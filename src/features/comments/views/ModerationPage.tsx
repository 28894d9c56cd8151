import { CsrfField } from '../../../views/render-marks.js';
import type { CommentStatus } from '../comments.table.js';
import { ACTION_LABEL, ACTIONS_FOR, STATUS_LABEL, STATUSES } from '../moderation.js';

/** A comment as the moderation queue lists it: the stored row and its film. */
export interface ModerationRow {
  id: number;
  author_name: string;
  author_email: string;
  author_url: string | null;
  body: string;
  reasons: string;
  spam_score: number | null;
  created_at: string;
  /** Null for a comment on a list: `film_title` is then the list's title. */
  film_slug: string | null;
  film_title: string;
  list_id?: number | null;
}

export function ModerationPage(props: {
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  rows: ModerationRow[];
  q: string;
  page: number;
  hasMore: boolean;
}) {
  const back = `/admin/comments?status=${props.status}${props.q ? `&q=${encodeURIComponent(props.q)}` : ''}`;
  return (
    <>
      <nav aria-label="Comment status" class="tabs">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={`/admin/comments?status=${s}`} aria-current={s === props.status ? 'page' : undefined}>
                {STATUS_LABEL[s]} <span class="tabs__count">{props.counts[s]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search>
        <form method="get" action="/admin/comments" class="form form--inline">
          <input type="hidden" name="status" value={props.status} />
          <div class="field">
            <label for="comment-search">Search comments</label>
            <input id="comment-search" type="search" name="q" value={props.q} />
          </div>
          <button type="submit" class="button button--small">
            Search
          </button>
        </form>
      </search>
      {props.rows.length === 0 ? (
        <p>
          No {STATUS_LABEL[props.status].toLowerCase()} comments{props.q ? ' match' : ''}.
        </p>
      ) : (
        <form method="post" action="/admin/comments/bulk" id="bulk">
          <CsrfField />
          <input type="hidden" name="back" value={back} />
          <div class="form--inline">
            <div class="field">
              <label for="bulk-action">With the selected comments</label>
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
            {props.rows.map((c) => {
              const reasons = JSON.parse(c.reasons) as string[];
              return (
                <li key={c.id} class="moderation-item" id={`comment-${c.id}`}>
                  <div class="moderation-item__select">
                    <input type="checkbox" name="ids" value={String(c.id)} id={`select-${c.id}`} />
                    <label for={`select-${c.id}`} class="visually-hidden">
                      Select comment {c.id} by {c.author_name}
                    </label>
                  </div>
                  <div>
                    <p class="moderation-item__meta">
                      <strong>{c.author_name}</strong> &lt;{c.author_email || 'erased'}&gt;
                      {c.author_url && <> · {c.author_url}</>} · on{' '}
                      <a
                        href={
                          c.film_slug ? `/film/${c.film_slug}#comment-${c.id}` : `/list/${c.list_id}#comment-${c.id}`
                        }
                      >
                        {c.film_title}
                      </a>{' '}
                      · <time datetime={c.created_at}>{c.created_at.slice(0, 16).replace('T', ' ')}</time>
                      {c.spam_score !== null && <> · spam score {Number(c.spam_score).toFixed(2)}</>}
                    </p>
                    <p class="moderation-item__body">{c.body}</p>
                    {reasons.length > 0 && (
                      <ul class="moderation-item__reasons" aria-label="Why it was held">
                        {reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                    <p class="moderation-item__actions">
                      {ACTIONS_FOR[props.status].map((a) => (
                        <button
                          key={a}
                          type="submit"
                          class="link-button"
                          formaction={`/admin/comments/${c.id}/${a}`}
                          aria-label={`${ACTION_LABEL[a]}: comment ${c.id} by ${c.author_name}`}
                        >
                          {ACTION_LABEL[a]}
                        </button>
                      ))}{' '}
                      · <a href={`/admin/comments/${c.id}`}>Edit or reply</a>
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
