/** What each post of a WordPress export became; keyed by (site URL, post id). */
export interface WpImportItemTable {
  source: string;
  post_id: string;
  /** `film`, `unpublished` (held for an admin), `page` or `skipped`. */
  kind: string;
  film_id: number | null;
  /** Hash of the post as exported: an unchanged post is skipped on a re-run. */
  content_hash: string;
  /** The film's updated_at as the import left it: a later value means an admin edited it, and the edit is kept. */
  film_updated_at: string | null;
  /** An unpublished post's converted content (JSON), kept until an admin publishes it. */
  held: string | null;
  created_at: string;
}

export interface WpImportCommentTable {
  source: string;
  wp_comment_id: string;
  comment_id: number | null;
}

/** The full write-up of an imported post, as Markdown, shown on the film page through a sanitiser. */
export interface FilmWriteupTable {
  film_id: number;
  markdown: string;
  byline: string | null;
}

/** An old site's address (path and query, as requested) and where it now lives; answered with a 301. */
export interface LegacyRedirectTable {
  path: string;
  target: string;
  source: string;
}

export interface WxrTables {
  wp_import_items: WpImportItemTable;
  wp_import_comments: WpImportCommentTable;
  film_writeups: FilmWriteupTable;
  legacy_redirects: LegacyRedirectTable;
}
