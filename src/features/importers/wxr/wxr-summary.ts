/** What an imported comment became. */
export type WxrCommentStatus = 'approved' | 'pending' | 'spam' | 'trash';

/** What a WordPress import created, per type (or, in a dry run, would create). */
export interface WxrImportSummary {
  films: { inserted: number; updated: number; unchanged: number; keptEdited: number };
  /** Drafts, pending, private and future film posts: held for an admin, not public. */
  unpublished: number;
  /** Non-film posts and WordPress pages, as static pages (drafts among them unpublished). */
  pages: { inserted: number; updated: number; unchanged: number; keptEdited: number; unpublished: number };
  comments: Record<WxrCommentStatus, number>;
  pingbacks: number;
  ratings: number;
  /** Featured images set as posters (in a dry run: film posts with a featured image in the export). */
  posters: number;
  redirects: number;
  categories: number;
  /** Every post (not page) per category slug, with the category's name: what the admin picks film categories from. */
  postsPerCategory: Record<string, { name: string; posts: number }>;
  /** Tags given to the imported films (each counted once per run). */
  tags: number;
  skipped: Record<string, number>;
}
