import type { Tx } from '../../../kernel/unit-of-work.js';
import { importCategory } from '../../catalog/index.js';
import { importTag } from '../../tags/index.js';
import { decodeEntities } from './entities.js';
import type { HeldCategory } from './held-post.js';
import type { WxrRun } from './wxr-run.js';

/** Our id of a category (and its parents first), created on first use in this run. */
export async function categoryIdOf(run: WxrRun, tx: Tx, slug: string, now: string, depth = 0): Promise<number | null> {
  const known = run.categoryIds.get(slug);
  if (known !== undefined) return known;
  const term = run.categories.get(slug);
  if (!term || depth > 20) return null;
  const parentId = term.parentSlug ? await categoryIdOf(run, tx, term.parentSlug, now, depth + 1) : null;
  const id = await importCategory(
    tx,
    { slug, name: decodeEntities(term.name), parentId, description: decodeEntities(term.description) || null },
    now,
  );
  run.categoryIds.set(slug, id);
  if (!run.countedCategories.has(slug)) run.summary.categories++;
  run.countedCategories.add(slug);
  // WordPress nests a child's archive under its parents' slugs (/category/asian-movies/korean-movies/).
  const chain = [slug];
  for (let up = term.parentSlug; up && chain.length < 20; up = run.categories.get(up)?.parentSlug ?? null)
    chain.unshift(up);
  run.addRedirect(`/category/${chain.join('/')}/`, `/category/${slug}`);
  return id;
}

/** A post's categories with their parents (parents first), as a held post keeps them until it is published. */
export function categoryChain(run: WxrRun, slugs: string[]): HeldCategory[] {
  const out: HeldCategory[] = [];
  const add = (slug: string, depth: number) => {
    const term = run.categories.get(slug);
    if (!term || depth > 20 || out.some((c) => c.slug === slug)) return;
    if (term.parentSlug) add(term.parentSlug, depth + 1);
    out.push({
      slug,
      name: decodeEntities(term.name),
      parentSlug: term.parentSlug,
      description: decodeEntities(term.description) || null,
    });
  };
  for (const slug of slugs) add(slug, 0);
  return out;
}

/** Our id of a tag, created on first use in this run; its old archive address redirects to ours. */
export async function tagIdOf(run: WxrRun, tx: Tx, term: { slug: string; name: string }, now: string): Promise<number> {
  const known = run.tagIds.get(term.slug);
  if (known !== undefined) return known;
  const declared = run.tags.get(term.slug);
  const tag = await importTag(
    tx,
    {
      slug: term.slug,
      name: decodeEntities(declared?.name ?? term.name),
      description: declared ? decodeEntities(declared.description) || null : null,
    },
    now,
  );
  run.tagIds.set(term.slug, tag.id);
  if (!run.countedTags.has(term.slug)) run.summary.tags++;
  run.countedTags.add(term.slug);
  // Stored even when the slug is the same: WordPress's address ends in a slash, and /tag/x/ then answers 301.
  run.addRedirect(`/tag/${term.slug}/`, `/tag/${tag.slug}`);
  return tag.id;
}
