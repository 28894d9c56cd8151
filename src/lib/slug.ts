/** A readable URL slug: accents folded, lower case, words joined by hyphens, at most 80 characters. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 80) return slug;
  const cut = slug.slice(0, 80);
  const lastHyphen = cut.lastIndexOf('-');
  return lastHyphen > 40 ? cut.slice(0, lastHyphen) : cut;
}

/**
 * Candidate slugs for a film, most readable first: `title`, `title-year`, then `title-year-2`, `-3`, ….
 * The caller takes the first one that is free.
 */
export function* filmSlugCandidates(title: string, year: number | null): Generator<string> {
  const base = slugify(title) || 'film';
  yield base;
  const withYear = year ? `${base}-${year}` : base;
  if (withYear !== base) yield withYear;
  for (let n = 2; ; n++) yield `${withYear}-${n}`;
}
