/** The shapes the admin's catalog pages show, shared by its services, repositories and views. */

export type TermKind = 'category' | 'genre';

export interface AdminTermRow {
  id: number;
  slug: string;
  name: string;
  parentId: number | null;
  position: number;
  /** Films filed directly under the term. */
  count: number;
}

export interface TermNode extends AdminTermRow {
  depth: number;
  children: TermNode[];
}

export interface AdminFilmFilter {
  /** Part of the title, any case. */
  q?: string;
  categoryId?: number;
  genreId?: number;
  /** First year of a decade, e.g. 1990. */
  decade?: number;
}
