import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown written here or brought from another site, as HTML safe to put on a page: only text-level markup survives,
 * links get rel="nofollow ugc noopener", and an image on another site becomes a link to it (no page loads anything
 * from another origin). Rendered at view time, so the allow-list can tighten without touching what is stored.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'ul',
      'ol',
      'li',
      'blockquote',
      'em',
      'strong',
      'a',
      'img',
      'code',
      'pre',
      'br',
      'hr',
    ],
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    transformTags: {
      h1: 'h2',
      a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
      img: (_tag, attribs) =>
        attribs.src?.startsWith('/') && !attribs.src.startsWith('//')
          ? { tagName: 'img', attribs }
          : {
              tagName: 'a',
              attribs: { href: attribs.src ?? '', rel: 'nofollow ugc noopener' },
              text: `Image: ${attribs.alt || 'untitled'}`,
            },
    },
  });
}
