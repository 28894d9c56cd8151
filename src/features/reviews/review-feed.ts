import { excerpt } from '../../lib/excerpt.js';
import { escapeXml } from '../seo/index.js';
import { type Review, reviewPath } from './review.js';
import { reviewPlainText } from './review-markdown.js';

/**
 * An Atom feed (RFC 4287) of a member's reviews, newest first. The summary is plain text with inline spoilers
 * replaced; a review marked as a spoiler as a whole shows only a warning, since feed readers show everything.
 */
export function reviewFeed(
  publicUrl: string,
  siteTitle: string,
  member: { handle: string; displayName: string },
  reviews: Review[],
): string {
  const base = `${publicUrl}/u/${encodeURIComponent(member.handle)}/reviews`;
  const updated = reviews[0]?.updatedAt ?? new Date(0).toISOString();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<title>${escapeXml(`Reviews by ${member.displayName} – ${siteTitle}`)}</title>`,
    `<id>${escapeXml(base)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${base}.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(base)}"/>`,
    `<updated>${escapeXml(updated)}</updated>`,
    `<author><name>${escapeXml(member.displayName)}</name></author>`,
    ...reviews.map((r) => {
      const url = `${publicUrl}${reviewPath(r.film.slug, member.handle)}`;
      const summary = r.spoiler
        ? 'This review contains spoilers: read it on the site.'
        : excerpt(reviewPlainText(r.body), 500);
      return `<entry><title>${escapeXml(`${r.film.title}${r.film.year ? ` (${r.film.year})` : ''}`)}</title><id>${escapeXml(url)}</id><link rel="alternate" type="text/html" href="${escapeXml(url)}"/><published>${escapeXml(r.createdAt)}</published><updated>${escapeXml(r.updatedAt)}</updated><summary>${escapeXml(summary)}</summary></entry>`;
    }),
    '</feed>',
    '',
  ].join('\n');
}
