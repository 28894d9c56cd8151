import type { Generated } from 'kysely';

/** The same four statuses as comments: reviews share the moderation rules and queue actions. */
export type ReviewStatus = 'pending' | 'approved' | 'spam' | 'trash';

/** A member's review of a film: one per member and film; Markdown as written, rendered (sanitised) when shown. */
export interface ReviewTable {
  id: Generated<number>;
  film_id: number;
  /** Null once the member deleted their account and kept their reviews, anonymised. */
  member_id: number | null;
  body: string;
  /** 1: the whole review is hidden behind a click (it gives the plot away). */
  spoiler: number;
  status: ReviewStatus;
  /** JSON array of why it was held or filed as spam, shown to moderators. */
  reasons: string;
  spam_score: number | null;
  body_hash: string;
  /** Kept in step with review_likes in the same transaction. */
  like_count: number;
  ip_hash: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
}

/** One member's like of one review. */
export interface ReviewLikeTable {
  review_id: number;
  member_id: number;
  created_at: string;
}

export interface ReviewsTables {
  reviews: ReviewTable;
  review_likes: ReviewLikeTable;
}
