import type { Generated } from 'kysely';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash';

export interface CommentTable {
  id: Generated<number>;
  /** Null for a comment on a list (`list_id`): a list has no one film. */
  film_id: number | null;
  parent_id: number | null;
  author_name: string;
  /** Never shown on any page; used for moderation rules, export and erase. Lower-cased. */
  author_email: string;
  author_url: string | null;
  body: string;
  status: CommentStatus;
  /** JSON array of the reasons the comment was held or filed as spam, shown to moderators. */
  reasons: string;
  spam_score: number | null;
  /** Hash of the normalised body, for duplicate detection. */
  body_hash: string;
  /** The commenter's visitor id, so they (and only they) see their own pending comment. */
  visitor_id: string | null;
  /** 1 while the author's account is suspended: hidden from public pages, its status kept (decision 026). */
  author_hidden: Generated<number>;
  /** Salted hash of the IP; dropped after the retention period. */
  ip_hash: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
  /** A reply to a member's review (features/reviews): shown on the review's page, not in the film's thread. */
  review_id?: number | null;
  /** A comment on a member's or the site's list (features/lists): its own thread on the list's page, no film. */
  list_id?: number | null;
}

/**
 * Comments a visitor reads under a film (approved, author not suspended, not a review reply), per film and UTC day
 * written, recounted by this feature with every change (comment-days.repository.ts, migration 2026-12-06-02, decision 047):
 * what "Most discussed this week" sums instead of every comment of the week.
 */
export interface FilmCommentDayTable {
  film_id: number;
  /** YYYY-MM-DD, the first ten characters of the comments' `created_at`. */
  day: string;
  comments: number;
  /** The latest of those comments' `created_at`. */
  latest_at: string;
}

/** One row (id 1): the first day the week's totals of film_comment_window count (decision 047). */
export interface CommentWindowTable {
  id: number;
  /** YYYY-MM-DD: film_comment_window sums film_comment_days from this day on. */
  from_day: string;
}

/** Each film's readable comments from `comment_window.from_day` on, in "Most discussed this week" order. */
export interface FilmCommentWindowTable {
  film_id: number;
  comments: number;
  latest_at: string;
}

export interface CommentsTables {
  comments: CommentTable;
  film_comment_days: FilmCommentDayTable;
  comment_window: CommentWindowTable;
  film_comment_window: FilmCommentWindowTable;
}
