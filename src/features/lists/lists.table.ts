import type { Generated } from 'kysely';

export type ListVisibility = 'public' | 'unlisted' | 'private';

/**
 * A list of films (issue 17): a member's, or the site's when `member_id` is null (admins make those). `owner_key` is
 * `m:<member id>` or `site`, so one unique index keeps slugs unique per owner on both databases (a NULL never
 * collides in a UNIQUE index).
 */
export interface ListTable {
  id: Generated<number>;
  member_id: number | null;
  owner_key: string;
  slug: string;
  title: string;
  /** Markdown subset, rendered and sanitised at view time (lib/markdown.ts). */
  description: string;
  /** 1: the order is a ranking, numbered on the page. */
  ranked: number;
  visibility: ListVisibility;
  entry_count: number;
  like_count: number;
  created_at: string;
  updated_at: string;
}

/**
 * A film on a list. `position` is sparse (multiples of a gap, decision 035): a move writes one row, until two
 * neighbours leave no room and the list is renumbered in one statement.
 */
export interface ListEntryTable {
  list_id: number;
  film_id: number;
  position: number;
  note: string;
  added_at: string;
}

/** One like per visitor and list, keyed by visitor id like film likes. */
export interface ListLikeTable {
  list_id: number;
  visitor_id: string;
  created_at: string;
}

/** Folded title words of public lists, for the search's list results (one indexed query). */
export interface ListWordTable {
  word: string;
  list_id: number;
}

export interface ListsTables {
  lists: ListTable;
  list_entries: ListEntryTable;
  list_likes: ListLikeTable;
  list_words: ListWordTable;
}
