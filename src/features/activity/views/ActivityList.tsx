import { type ActivityItem, describe, itemPath, itemText } from '../activity.js';

function Item(props: { item: ActivityItem }) {
  const { item } = props;
  const text = itemText(item);
  return (
    <li class={`activity__item activity__item--${item.kind}`}>
      <p>
        <a href={`/u/${encodeURIComponent(item.member.handle)}`}>{item.member.displayName}</a>{' '}
        <a href={itemPath(item)}>{describe(item).slice(item.member.displayName.length + 1)}</a>
        {item.watchedOn && <span class="muted"> on {item.watchedOn}</span>}
      </p>
      {text && <p class="activity__text">{text}</p>}
      <p class="muted">
        <time dateTime={item.at}>{item.at.slice(0, 16).replace('T', ' ')} UTC</time>
      </p>
    </li>
  );
}

/** A page of items, and the link to older ones (keyset: `before` the last id shown). */
export function ActivityList(props: { items: ActivityItem[]; next: number | null; basePath: string; empty: string }) {
  const sep = props.basePath.includes('?') ? '&' : '?';
  return (
    <>
      {props.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ol class="activity">
          {props.items.map((item) => (
            <Item key={item.id} item={item} />
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Pages">
        <ul>
          {props.next !== null && (
            <li>
              <a href={`${props.basePath}${sep}before=${props.next}`} rel="next">
                Older →
              </a>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}
