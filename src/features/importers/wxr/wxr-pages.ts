import { slugify } from '../../../lib/slug.js';
import { importPage } from '../../pages/index.js';
import { convertPost, htmlToMarkdown } from './convert.js';
import { decodeEntities } from './entities.js';
import type { HeldPost } from './held-post.js';
import { legacyKey } from './legacy-path.js';
import type { WxrItem } from './wxr.js';
import { saveImportedItem } from './wxr-import.repository.js';
import type { WxrRun } from './wxr-run.js';
import { categoryChain } from './wxr-terms.js';

/** Where a page is served: its old path, or /page/<slug> when the old address was a query (`/?page_id=3`). */
function pagePathOf(run: WxrRun, item: WxrItem): string {
  const key = item.link ? legacyKey(item.link, run.basePath) : null;
  if (key && key !== '/' && !key.includes('?')) return key;
  return `/page/${slugify(decodeEntities(item.postName || item.title)) || item.postId}`;
}

/** A WordPress page or a post outside the film categories, as a static page at its old address. */
export async function importPageItem(
  run: WxrRun,
  item: WxrItem,
  hash: string,
  record: { film_updated_at: string | null } | undefined,
): Promise<void> {
  const { summary } = run;
  const published = item.status === 'publish';
  if (!published) summary.pages.unpublished++;
  const pageComments = item.comments.filter((c) => c.type !== 'pingback' && c.type !== 'trackback').length;
  for (let i = 0; i < pageComments; i++) run.skip('comment on a page (pages take no comments)');
  if (run.options.dryRun) {
    summary.pages[record ? 'updated' : 'inserted']++;
    return;
  }
  const now = run.clock.now().toISOString();
  await run.writer.write(async ({ tx, touched }) => {
    const page = await importPage(
      tx,
      {
        source: run.filmSource,
        sourceId: item.postId,
        path: pagePathOf(run, item),
        title: decodeEntities(item.title) || decodeEntities(item.postName) || 'Untitled',
        markdown: htmlToMarkdown(item.content),
        byline: item.creator ? decodeEntities(item.creator) : null,
        published,
      },
      record?.film_updated_at ?? null,
      now,
    );
    summary.pages[page.outcome]++;
    if (item.link && legacyKey(item.link, run.basePath) !== page.path) run.addRedirect(item.link, page.path);
    run.addRedirect(`/?${item.postType === 'page' ? 'page_id' : 'p'}=${item.postId}`, page.path);
    await saveImportedItem(tx, {
      source: run.source,
      post_id: item.postId,
      kind: 'page',
      film_id: null,
      content_hash: hash,
      film_updated_at: page.updatedAt,
      held: null,
      created_at: now,
    });
    await run.flushRedirects(tx);
    touched('catalog');
  });
}

/** A draft, pending, private or future film post: held for an admin to publish, not public. */
export async function holdUnpublished(run: WxrRun, item: WxrItem, hash: string, categorySlugs: string[]) {
  run.summary.unpublished++;
  if (run.options.dryRun) return;
  const converted = convertPost(item.title, item.content, run.latestYear);
  const now = run.clock.now().toISOString();
  await run.writer.write(async ({ tx }) =>
    saveImportedItem(tx, {
      source: run.source,
      post_id: item.postId,
      kind: 'unpublished',
      film_id: null,
      content_hash: hash,
      film_updated_at: null,
      held: JSON.stringify({
        status: item.status,
        categories: categorySlugs,
        categoryTerms: categoryChain(run, categorySlugs),
        byline: item.creator ? decodeEntities(item.creator) : null,
        link: item.link,
        ...converted,
      } satisfies HeldPost),
      created_at: now,
    }),
  );
}
