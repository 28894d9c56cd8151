import { excerpt } from '../../lib/excerpt.js';
import { escapeXml } from '../seo/index.js';

export interface FeedComment {
  id: number;
  author_name: string;
  body: string;
  created_at: string;
  film_slug: string;
  film_title: string;
}

/** An RSS 2.0 feed of approved comments, newest first. */
export function commentFeed(
  publicUrl: string,
  channel: { title: string; link: string; self: string },
  items: FeedComment[],
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${escapeXml(channel.title)}</title>`,
    `<link>${escapeXml(channel.link)}</link>`,
    `<description>${escapeXml(channel.title)}</description>`,
    `<atom:link href="${escapeXml(channel.self)}" rel="self" type="application/rss+xml"/>`,
    ...items.map((c) => {
      const url = `${publicUrl}/film/${c.film_slug}#comment-${c.id}`;
      return `<item><title>${escapeXml(`${c.author_name} on ${c.film_title}`)}</title><link>${escapeXml(url)}</link><guid isPermaLink="true">${escapeXml(url)}</guid><pubDate>${new Date(c.created_at).toUTCString()}</pubDate><description>${escapeXml(excerpt(c.body, 500))}</description></item>`;
    }),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
