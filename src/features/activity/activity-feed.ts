import { escapeXml } from '../seo/index.js';
import { type ActivityItem, describe, itemPath, itemText } from './activity.js';

/** The public activity as an Atom feed (RFC 4287), newest first: what `/activity`'s first page shows. */
export function activityFeed(publicUrl: string, siteTitle: string, items: ActivityItem[]): string {
  const base = `${publicUrl}/activity`;
  const updated = items[0]?.at ?? new Date(0).toISOString();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<title>${escapeXml(`Activity – ${siteTitle}`)}</title>`,
    `<id>${escapeXml(base)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${base}.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(base)}"/>`,
    `<updated>${escapeXml(updated)}</updated>`,
    `<author><name>${escapeXml(siteTitle)}</name></author>`,
    ...items.map((item) => {
      const url = `${publicUrl}${itemPath(item)}`;
      const text = itemText(item);
      return [
        '<entry>',
        `<title>${escapeXml(describe(item))}</title>`,
        `<id>${escapeXml(`${base}#item-${item.id}`)}</id>`,
        `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
        `<author><name>${escapeXml(item.member.displayName)}</name><uri>${escapeXml(`${publicUrl}/u/${encodeURIComponent(item.member.handle)}`)}</uri></author>`,
        `<updated>${escapeXml(item.at)}</updated>`,
        text ? `<summary>${escapeXml(text)}</summary>` : '',
        '</entry>',
      ].join('');
    }),
    '</feed>',
    '',
  ].join('\n');
}
