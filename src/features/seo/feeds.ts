import { excerpt } from '../../lib/excerpt.js';
import type { FeedFilm } from './seo.repository.js';
import { el, escapeXml } from './xml.js';

export interface FeedMeta {
  title: string;
  description: string;
  /** The page the feed is about (home or a category). */
  pageUrl: string;
  /** The feed's own URL. */
  selfUrl: string;
  publicUrl: string;
}

// Percent-encoded: a slug in another script ("брат") is sent as UTF-8 escapes, as URLs in feeds must be.
const filmUrl = (meta: FeedMeta, film: FeedFilm) => `${meta.publicUrl}/film/${encodeURIComponent(film.slug)}`;
const filmTitle = (film: FeedFilm) => (film.year ? `${film.title} (${film.year})` : film.title);

/** RSS 2.0 (rssboard.org/rss-specification): dates in RFC 822 form, guid = the film's permanent URL. */
export function rssFeed(meta: FeedMeta, films: FeedFilm[]): string {
  const updated = films[0]?.createdAt ?? new Date(0).toISOString();
  const items = films
    .map((f) =>
      [
        '<item>',
        el('title', filmTitle(f)),
        el('link', filmUrl(meta, f)),
        `<guid isPermaLink="true">${escapeXml(filmUrl(meta, f))}</guid>`,
        el('pubDate', new Date(f.createdAt).toUTCString()),
        ...f.categories.map((c) => el('category', c)),
        el('description', excerpt(f.synopsis || f.title, 500)),
        '</item>',
      ].join(''),
    )
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    el('title', meta.title),
    el('link', meta.pageUrl),
    el('description', meta.description),
    el('language', 'en'),
    el('lastBuildDate', new Date(updated).toUTCString()),
    `<atom:link href="${escapeXml(meta.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Atom (RFC 4287): every entry has id, title, updated, a link and a summary; the feed has an author. */
export function atomFeed(meta: FeedMeta, films: FeedFilm[]): string {
  // ISO timestamps sort as text, so the last after sorting is the newest change.
  const updated =
    films
      .map((f) => f.updatedAt)
      .sort()
      .at(-1) ?? new Date(0).toISOString();
  const entries = films
    .map((f) =>
      [
        '<entry>',
        el('id', filmUrl(meta, f)),
        el('title', filmTitle(f)),
        `<link rel="alternate" type="text/html" href="${escapeXml(filmUrl(meta, f))}"/>`,
        el('published', f.createdAt),
        el('updated', f.updatedAt),
        ...f.categories.map((c) => `<category term="${escapeXml(c)}"/>`),
        `<summary type="text">${escapeXml(excerpt(f.synopsis || f.title, 500))}</summary>`,
        '</entry>',
      ].join(''),
    )
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    el('id', meta.selfUrl),
    el('title', meta.title),
    el('subtitle', meta.description),
    el('updated', updated),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(meta.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(meta.pageUrl)}"/>`,
    `<author>${el('name', meta.title)}</author>`,
    entries,
    '</feed>',
    '',
  ].join('\n');
}
