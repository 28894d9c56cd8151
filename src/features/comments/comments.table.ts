import type { Generated } from 'kysely';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash';

export interface CommentTable {
  id: Generated<number>;
  film_id: number;
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
}

export interface CommentsTables {
  comments: CommentTable;
}
