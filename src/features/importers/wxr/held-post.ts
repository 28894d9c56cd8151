import type { ConvertedPost } from './convert.js';

/** A category of a held post, as the export described it: enough to create it when the post is published. */
export interface HeldCategory {
  slug: string;
  name: string;
  parentSlug: string | null;
  description: string | null;
}

/**
 * A draft, pending, private or future film post, converted at import and kept (`wp_import_items.held`, JSON) until an
 * admin publishes it. Rows written before `categoryTerms`, `byline` and `link` existed lack them.
 */
export interface HeldPost extends ConvertedPost {
  status: string;
  categories: string[];
  categoryTerms?: HeldCategory[];
  byline?: string | null;
  link?: string;
}

/** The JSON as stored, or null when it is not a held post (never evaluated: JSON.parse of data only). */
export function parseHeldPost(json: string | null): HeldPost | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<HeldPost>;
    if (typeof value.title !== 'string' || typeof value.markdown !== 'string') return null;
    return {
      status: String(value.status ?? 'draft'),
      categories: Array.isArray(value.categories) ? value.categories.map(String) : [],
      categoryTerms: Array.isArray(value.categoryTerms) ? value.categoryTerms : [],
      byline: typeof value.byline === 'string' ? value.byline : null,
      link: typeof value.link === 'string' ? value.link : '',
      title: value.title,
      year: typeof value.year === 'number' ? value.year : null,
      synopsis: String(value.synopsis ?? ''),
      markdown: value.markdown,
      directors: Array.isArray(value.directors) ? value.directors.map(String) : [],
      cast: Array.isArray(value.cast) ? value.cast.map(String) : [],
    };
  } catch {
    return null;
  }
}
