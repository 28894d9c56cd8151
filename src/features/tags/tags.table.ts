import type { Generated } from 'kysely';

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface FilmTagTable {
  film_id: number;
  tag_id: number;
}

/** A slug a tag had before a rename or a merge: /tag/<old_slug> answers 301 to the tag's address. */
export interface TagRedirectTable {
  old_slug: string;
  tag_id: number;
}

export interface TagsTables {
  tags: TagTable;
  film_tags: FilmTagTable;
  tag_redirects: TagRedirectTable;
}
