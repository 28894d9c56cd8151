/** What the WXR reader hands on: every field as the export wrote it (XML-decoded, still untrusted). */

export interface WxrSite {
  /** 1.0, 1.1 or 1.2. */
  version: string;
  title: string;
  /** The blog's address (`wp:base_blog_url`, else `link`): the idempotency key's first half and the base of old links. */
  siteUrl: string;
}

export interface WxrAuthor {
  position: string;
  id: string | null;
  login: string;
  email: string;
  displayName: string;
}

export interface WxrTerm {
  position: string;
  /** `category`, `post_tag`, or another taxonomy (`wp:term`); the importer keeps categories and tags. */
  taxonomy: string;
  id: string | null;
  slug: string;
  name: string;
  /** The parent's slug, as WordPress exports it; null at the top. */
  parentSlug: string | null;
  description: string;
}

export interface WxrMeta {
  key: string;
  /** The stored text. Serialized PHP stays text here; php-serialized.ts reads it as data when asked, never runs it. */
  value: string;
}

export interface WxrComment {
  id: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  /** `wp:comment_date_gmt`, else `wp:comment_date`: "YYYY-MM-DD HH:MM:SS". */
  date: string;
  /** HTML as WordPress stored it. */
  content: string;
  /** WordPress's `comment_approved`: "1", "0", "spam", "trash" (or "post-trashed"). */
  approved: string;
  /** "" or "comment" for a comment; "pingback", "trackback" otherwise. */
  type: string;
  /** "0" or "" at the top of a thread. */
  parentId: string;
}

export interface WxrItemTerm {
  /** `category`, `post_tag`, … (the `domain` attribute). */
  domain: string;
  slug: string;
  name: string;
}

export interface WxrItem {
  /** "line 123": where the item opens. */
  position: string;
  postId: string;
  title: string;
  link: string;
  /** `post`, `page`, `attachment`, `nav_menu_item`, … */
  postType: string;
  /** `publish`, `draft`, `pending`, `private`, `future`, `trash`, `inherit`, `auto-draft`. */
  status: string;
  postName: string;
  /** `wp:post_date_gmt` unless it is WordPress's zero date, else `wp:post_date`. */
  date: string;
  creator: string;
  content: string;
  excerpt: string;
  parentId: string;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  meta: WxrMeta[];
  comments: WxrComment[];
}

export type WxrEvent =
  | { kind: 'site'; site: WxrSite }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem };

/** A file that is not a readable WordPress export; the message names the line. */
export class WxrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WxrError';
  }
}

/** The first value of a meta key, or undefined. */
export const metaValue = (item: Pick<WxrItem, 'meta'>, key: string): string | undefined =>
  item.meta.find((m) => m.key === key)?.value;
