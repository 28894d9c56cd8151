import type { CommentStatus } from '../comments.table.js';
import { ModerationQueue, type QueueItem } from './ModerationQueue.js';

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
  const items: QueueItem[] = props.rows.map((c) => ({
    id: c.id,
    author: c.author_name,
    body: c.body,
    reasons: c.reasons,
    meta: (
      <>
        <strong>{c.author_name}</strong> &lt;{c.author_email || 'erased'}&gt;
        {c.author_url && <> · {c.author_url}</>} · on{' '}
        <a href={c.film_slug ? `/film/${c.film_slug}#comment-${c.id}` : `/list/${c.list_id}#comment-${c.id}`}>
          {c.film_title}
        </a>{' '}
        · <time datetime={c.created_at}>{c.created_at.slice(0, 16).replace('T', ' ')}</time>
        {c.spam_score !== null && <> · spam score {Number(c.spam_score).toFixed(2)}</>}
      </>
    ),
    more: (
      <>
        {' '}
        · <a href={`/admin/comments/${c.id}`}>Edit or reply</a>
      </>
    ),
  }));
  return <ModerationQueue noun="comment" base="/admin/comments" {...props} items={items} />;
}
