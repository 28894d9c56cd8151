import { ModerationQueue, type QueueItem } from '../../comments/index.js';
import type { QueuedReview } from '../review.js';
import type { ReviewStatus } from '../reviews.table.js';

/** The review queue: the comment queue's tabs, search and bulk actions (the same component), for members' reviews. */
export function ReviewModerationPage(props: {
  status: ReviewStatus;
  counts: Record<ReviewStatus, number>;
  rows: QueuedReview[];
  q: string;
  page: number;
  hasMore: boolean;
}) {
  const items: QueueItem[] = props.rows.map((r) => {
    const who = r.display_name ?? 'Deleted member';
    return {
      id: r.id,
      author: who,
      body: r.body,
      reasons: r.reasons,
      meta: (
        <>
          <strong>{who}</strong>
          {r.handle && <> (@{r.handle})</>}
          {r.suspended_at && <> · suspended</>} · on <a href={`/film/${r.film_slug}`}>{r.film_title}</a> ·{' '}
          <time datetime={r.created_at}>{r.created_at.slice(0, 16).replace('T', ' ')}</time>
          {r.spoiler === 1 && <> · marked as a spoiler</>}
          {r.spam_score !== null && <> · spam score {Number(r.spam_score).toFixed(2)}</>}
        </>
      ),
    };
  });
  return (
    <ModerationQueue
      noun="review"
      base="/admin/reviews"
      {...props}
      items={items}
      intro={
        <p>
          Members’ reviews pass the same moderation rules and spam filter as <a href="/admin/comments">comments</a>.
        </p>
      }
    />
  );
}
