import type { Generated } from 'kysely';

/** What an activity item points at: a review, a vote (subject = the film), a diary entry, a list. */
export type ActivityKind = 'review' | 'rating' | 'diary' | 'list';

/**
 * One thing a member did, as an index entry (decision 037): written in the same unit of work as the write itself,
 * never by an import. Whether it still shows (review approved, vote ≥ 4 stars, entry public, member visible) is read
 * from the source rows when the feed is read, so withdrawing a thing needs no second write here.
 */
export interface ActivityItemTable {
  id: Generated<number>;
  kind: ActivityKind;
  member_id: number;
  /** Null for a list. */
  film_id: number | null;
  /** The review's, diary entry's or list's id; the film's id for a rating (one item per member and film). */
  subject_id: number;
  /** Lists only: kept in step by the lists feature (the lists table is theirs). */
  list_slug: string | null;
  list_title: string | null;
  created_at: string;
}

/** Member A follows member B. */
export interface MemberFollowTable {
  follower_id: number;
  followed_id: number;
  created_at: string;
}

export interface ActivityTables {
  activity_items: ActivityItemTable;
  member_follows: MemberFollowTable;
}
