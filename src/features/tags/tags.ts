import type { Page } from '../../lib/pagination.js';

/** A tag's archive page: the tag and one page of its films. */
export interface TagArchive {
  tag: { slug: string; name: string; description: string | null };
  films: Array<{ slug: string; title: string; year: number | null; synopsis: string; posterKey: string | null }>;
  page: Page;
}
