import { el, escapeXml } from './xml.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** The protocol allows 50,000 URLs per file (sitemaps.org/protocol.html); we stay under it. */
export const URLS_PER_SITEMAP = 45_000;

export interface SitemapUrl {
  loc: string;
  /** ISO-8601 timestamp, W3C Datetime as the protocol asks. */
  lastmod?: string | null;
}

export function urlset(urls: SitemapUrl[]): string {
  const body = urls
    .map((u) => `<url>${el('loc', encodeURI(u.loc))}${u.lastmod ? el('lastmod', u.lastmod) : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n${body}\n</urlset>\n`;
}

export function sitemapIndex(sitemaps: SitemapUrl[]): string {
  const body = sitemaps
    .map((s) => `<sitemap>${el('loc', encodeURI(s.loc))}${s.lastmod ? el('lastmod', s.lastmod) : ''}</sitemap>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n${body}\n</sitemapindex>\n`;
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
