import type { ComponentChildren } from 'preact';
import { CsrfField } from '../../../views/render-marks.js';
import type { CommentStatus } from '../comments.table.js';
import { ACTION_LABEL, ACTIONS_FOR, STATUS_LABEL, STATUSES } from '../moderation.js';

/** One held or moderated item as a queue lists it: what the comment and review queues have in common. */
export interface QueueItem {
  id: number;
  /** Who wrote it, for the checkbox's and the buttons' accessible names. */
  author: string;
  /** The line above the text: author, where it was posted, when, scores. */
  meta: ComponentChildren;
  body: string;
  /** The stored JSON list of why it was held. */
  reasons: string;
  /** After the action buttons (the comment queue's "Edit or reply"). */
  more?: ComponentChildren;
}

/**
 * A moderation queue: status tabs with counts, a search, the bulk form with a checkbox per item, per-item action
 * buttons and the pager. The comment queue and the review queue (features/reviews) are this with their own noun and
 * address, so both keep the same actions, labels and keyboard order.
 */
export function ModerationQueue(props: {
  /** 'comment' or 'review': the tabs', search's and buttons' wording and the items' ids. */
  noun: string;
  /** Where the queue lives: `/admin/comments`; actions post below it. */
  base: string;
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  items: QueueItem[];
  q: string;
  page: number;
  hasMore: boolean;
  intro?: ComponentChildren;
}) {
  const { noun, base } = props;
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  const back = `${base}?status=${props.status}${props.q ? `&q=${encodeURIComponent(props.q)}` : ''}`;
  return (
    <>
      {props.intro}
      <nav aria-label={`${Noun} status`} class="tabs">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={`${base}?status=${s}`} aria-current={s === props.status ? 'page' : undefined}>
                {STATUS_LABEL[s]} <span class="tabs__count">{props.counts[s]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search>
        <form method="get" action={base} class="form form--inline">
          <input type="hidden" name="status" value={props.status} />
          <div class="field">
            <label for={`${noun}-search`}>Search {noun}s</label>
            <input id={`${noun}-search`} type="search" name="q" value={props.q} />
          </div>
          <button type="submit" class="button button--small">
            Search
          </button>
        </form>
      </search>
      {props.items.length === 0 ? (
        <p>
          No {STATUS_LABEL[props.status].toLowerCase()} {noun}s{props.q ? ' match' : ''}.
        </p>
      ) : (
        <form method="post" action={`${base}/bulk`} id="bulk">
          <CsrfField />
          <input type="hidden" name="back" value={back} />
          <div class="form--inline">
            <div class="field">
              <label for="bulk-action">With the selected {noun}s</label>
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
            {props.items.map((item) => {
              const reasons = JSON.parse(item.reasons) as string[];
              return (
                <li key={item.id} class="moderation-item" id={`${noun}-${item.id}`}>
                  <div class="moderation-item__select">
                    <input type="checkbox" name="ids" value={String(item.id)} id={`select-${item.id}`} />
                    <label for={`select-${item.id}`} class="visually-hidden">
                      Select {noun} {item.id} by {item.author}
                    </label>
                  </div>
                  <div>
                    <p class="moderation-item__meta">{item.meta}</p>
                    <p class="moderation-item__body">{item.body}</p>
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
                          formaction={`${base}/${item.id}/${a}`}
                          aria-label={`${ACTION_LABEL[a]}: ${noun} ${item.id} by ${item.author}`}
                        >
                          {ACTION_LABEL[a]}
                        </button>
                      ))}
                      {item.more}
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
