import TurndownService from 'turndown';
import { renderMarkdown } from '../../../lib/markdown.js';
import { decodeEntities } from './entities.js';

/**
 * Shortcodes removed from a post body. Those marked `drop` lose what they enclose too (a rating box, a gallery: it
 * meant nothing without the plugin); the others keep their text ([caption] keeps the image and its caption). Any other
 * [bracketed] text is left as written: "[2013]" is not a shortcode.
 */
const SHORTCODES: Record<string, 'keep-content' | 'drop'> = {
  caption: 'keep-content',
  wp_caption: 'keep-content',
  embed: 'keep-content',
  box: 'keep-content',
  tie_list: 'keep-content',
  tie_tooltip: 'keep-content',
  dropcap: 'keep-content',
  highlight: 'keep-content',
  one_half: 'keep-content',
  one_third: 'keep-content',
  padding: 'keep-content',
  toggle: 'keep-content',
  tabs: 'keep-content',
  tab: 'keep-content',
  button: 'keep-content',
  tie_review: 'drop',
  taq_review: 'drop',
  review: 'drop',
  gallery: 'drop',
  playlist: 'drop',
  audio: 'drop',
  video: 'drop',
  ads: 'drop',
  tie_slideshow: 'drop',
  tie_slide: 'drop',
  divider: 'drop',
};
export const RECOGNISED_SHORTCODES = Object.keys(SHORTCODES);

export function stripShortcodes(html: string): string {
  let out = html;
  for (const [name, mode] of Object.entries(SHORTCODES)) {
    if (mode === 'drop') out = out.replace(new RegExp(`\\[${name}\\b[^\\]]*\\][\\s\\S]*?\\[\\/${name}\\]`, 'gi'), '');
    out = out.replace(new RegExp(`\\[\\/?${name}\\b[^\\]]*\\]`, 'gi'), '');
  }
  return out;
}

/** WordPress's classic editor stores paragraphs as blank lines, not <p>; this is the part of wpautop that matters. */
function autop(html: string): string {
  if (/<(p|h[1-6]|ul|ol|blockquote|div|table)\b/i.test(html)) return html;
  return html
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${block.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced' });
turndown.remove(['script', 'style', 'iframe', 'object', 'embed', 'form', 'noscript']);

/** A post body (HTML with Gutenberg block comments and shortcodes) as Markdown. */
export function htmlToMarkdown(html: string): string {
  const clean = stripShortcodes(html.replace(/<!--[\s\S]*?-->/g, ''));
  return turndown.turndown(autop(clean)).trim();
}

/** Markdown reduced to plain text: emphasis markers, link targets and images gone. */
function plainOf(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** "Director: X" / "Cast: A, B" lines the way review blogs write them. */
const LABEL = /^(directors?|directed by|cast|stars|starring)\s*:\s*(.+)$/i;

const names = (value: string) =>
  value
    .split(/,|\band\b|&|\//)
    .map((n) => n.trim().replace(/[.;]+$/, ''))
    .filter((n) => n.length > 0 && n.length <= 100);

export interface ConvertedPost {
  title: string;
  year: number | null;
  synopsis: string;
  markdown: string;
  directors: string[];
  cast: string[];
}

/**
 * A film post as catalog fields. Year only from a "(2013)" at the end of the title, director and cast only from
 * "Director:" / "Cast:" lines: what the post does not state stays empty. The synopsis is the plain paragraphs before
 * the first heading (the write-up's sections come after), without those label lines.
 */
export function convertPost(rawTitle: string, html: string, latestYear: number): ConvertedPost {
  let title = decodeEntities(rawTitle).replace(/\s+/g, ' ').trim();
  let year: number | null = null;
  const yearMatch = /\s*\((\d{4})\)$/.exec(title);
  if (yearMatch) {
    const value = Number(yearMatch[1]);
    if (value >= 1870 && value <= latestYear) {
      year = value;
      title = title.slice(0, yearMatch.index).trim() || title;
    }
  }
  const markdown = htmlToMarkdown(html);
  const directors: string[] = [];
  const cast: string[] = [];
  const paragraphs: string[] = [];
  let beforeHeading = true;
  for (const block of markdown.split(/\n{2,}/)) {
    if (/^#{1,6}\s/.test(block)) beforeHeading = false;
    const lines: string[] = [];
    for (const line of block.split('\n')) {
      const label = LABEL.exec(plainOf(line));
      if (label) {
        const kind = (label[1] ?? '').toLowerCase();
        (kind.startsWith('direct') ? directors : cast).push(...names(label[2] ?? ''));
      } else lines.push(line);
    }
    const text = lines.join('\n');
    if (!beforeHeading || /^(#|-\s|\d+\.\s|>|```|!\[)/.test(text)) continue;
    const plain = plainOf(text);
    if (plain) paragraphs.push(plain);
  }
  return {
    title,
    year,
    synopsis: paragraphs.join('\n\n'),
    markdown,
    directors: [...new Set(directors)],
    cast: [...new Set(cast)],
  };
}

/** A write-up's Markdown as safe HTML: the same renderer as pages (lib/markdown.ts). */
export const renderWriteup = renderMarkdown;

/**
 * A comment's HTML as the plain text comments are stored in: line breaks kept, tags gone, a link's address written
 * after its text when they differ (the comment renderer makes addresses into safe links), non-web links dropped.
 */
export function commentToText(html: string): string {
  const withLinks = html.replace(
    /<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi,
    (_m, href: string, inner: string) => {
      const text = inner.replace(/<[^>]*>/g, '');
      const url = decodeEntities(href).trim();
      if (!/^https?:\/\//i.test(url)) return text;
      return decodeEntities(text).trim() === url ? url : `${text} (${url})`;
    },
  );
  const text = withLinks
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
