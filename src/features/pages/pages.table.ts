import type { Generated } from 'kysely';

/** A static page: served at `path`, its body Markdown rendered through a sanitiser. */
export interface PageTable {
  id: Generated<number>;
  /** Where it is served, e.g. `/about` or an imported post's old `/2014/03/festival-news`. */
  path: string;
  title: string;
  markdown: string;
  byline: string | null;
  /** 0: seen only by admins (a draft, or an imported draft/private/future post). */
  published: number;
  /** Set on imported pages (`wxr:<site URL>` + WordPress post id): a re-import updates the same page. */
  source: string | null;
  source_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PagesTables {
  pages: PageTable;
}
