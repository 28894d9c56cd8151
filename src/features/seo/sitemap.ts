import { el, escapeXml } from './xml.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** The protocol allows 50,000 URLs per file (sitemaps.org/protocol.html); we stay under it. */
export const URLS_PER_SITEMAP = 45_000;

export interface SitemapUrl {
  loc: string;
  /** ISO-8601 timestamp, W3C Datetime as the protocol asks. */
  lastmod?: string | null;
}

const entry = (tag: 'url' | 'sitemap', u: SitemapUrl) =>
  `<${tag}>${el('loc', encodeURI(u.loc))}${u.lastmod ? el('lastmod', u.lastmod) : ''}</${tag}>\n`;

/**
 * A sitemap's text, piece by piece as its URLs are read (a page of URLs at a time): a file of 45,000 films is never
 * one string, so what a render holds is one page of rows and one piece of text whatever the catalog's size.
 */
export async function* urlset(pages: AsyncIterable<readonly SitemapUrl[]>): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n`;
  for await (const page of pages) if (page.length > 0) yield page.map((u) => entry('url', u)).join('');
  yield '</urlset>\n';
}

/** The sitemap index, the same way. */
export async function* sitemapIndex(pages: AsyncIterable<readonly SitemapUrl[]>): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n`;
  for await (const page of pages) if (page.length > 0) yield page.map((u) => entry('sitemap', u)).join('');
  yield '</sitemapindex>\n';
}

/** URLs known up front, as the one page the writers above take. */
export async function* onePage(urls: readonly SitemapUrl[]): AsyncGenerator<readonly SitemapUrl[]> {
  yield urls;
}

export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    // The JSON API and form endpoints are for programs and visitors, not for indexing.
    'Disallow: /api/',
    'Allow: /api/docs',
    '',
    `Sitemap: ${escapeXml(publicUrl)}/sitemap.xml`,
    '',
  ].join('\n');
}
