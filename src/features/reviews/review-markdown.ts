import { Marked, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';

// A review's Markdown as safe HTML. The subset: paragraphs, emphasis, links, quotes, lists, line breaks and inline
// code. Raw HTML typed in a review is shown as text (the `html` renderer escapes it), images become their alt text
// (no page loads anything from another origin), and sanitize-html runs last as the guard: whatever the Markdown
// parser lets through, only the tags below leave, and links only to http(s) and mailto with rel="nofollow ugc
// noopener". Rendered at view time, so the rules can tighten without touching what is stored.

/** The placeholder for an inline spoiler between the parser and the final markup; the only custom tag allowed. */
const SPOILER_TAG = 'rh-spoiler';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `||hidden words||`: an inline spoiler (the syntax Discord and others use), within one paragraph. */
const inlineSpoiler: TokenizerAndRendererExtension = {
  name: 'spoiler',
  level: 'inline',
  start: (src) => src.indexOf('||'),
  tokenizer(src) {
    const match = /^\|\|(?=\S)([\s\S]*?\S)\|\|/.exec(src);
    if (!match) return undefined;
    return { type: 'spoiler', raw: match[0], tokens: this.lexer.inlineTokens(match[1]!) };
  },
  renderer(token) {
    return `<${SPOILER_TAG}>${this.parser.parseInline(token.tokens ?? [])}</${SPOILER_TAG}>`;
  },
};

const parser = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  extensions: [inlineSpoiler],
  renderer: {
    html: (token) => escapeHtml(token.text),
    image: (token) => escapeHtml(token.text),
    heading(token) {
      return `<p><strong>${this.parser.parseInline(token.tokens)}</strong></p>\n`;
    },
  },
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'del', 'a', 'blockquote', 'ul', 'ol', 'li', 'code', SPOILER_TAG],
  // rel is set by the transform below, whatever was typed.
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

/**
 * A review body as HTML. `idPrefix` makes the spoilers' checkbox ids unique on a page with many reviews.
 *
 * Inline spoilers are a checkbox and its label, with the words after them hidden by CSS until the box is ticked
 * (`.spoiler__toggle:not(:checked) ~ .spoiler__text { display: none }`): it works with JavaScript off, it is all
 * phrasing content (valid inside a paragraph, where <details> is not), a keyboard reaches it, a screen reader
 * announces "Spoiler, checkbox, not checked", and the hidden words are hidden from assistive technology as well,
 * since display:none removes them from the accessibility tree.
 */
export function renderReviewMarkdown(markdown: string, idPrefix: string): string {
  const html = sanitizeHtml(parser.parse(markdown) as string, SANITIZE);
  // sanitize-html writes its output from a parse tree, so every placeholder it emits is balanced; user text cannot
  // produce the placeholder except as this same allowed tag (an escaped `&lt;rh-spoiler&gt;` is not matched).
  let n = 0;
  return html.replace(/<(\/?)rh-spoiler>/g, (_all, closing: string) => {
    if (closing) return '</span></span>';
    n += 1;
    const id = `${idPrefix}-spoiler-${n}`;
    return `<span class="spoiler"><input type="checkbox" class="spoiler__toggle" id="${id}"><label for="${id}" class="spoiler__label">Spoiler</label><span class="spoiler__text">`;
  });
}

/** The review as plain text (feeds' summaries, JSON-LD, excerpts): spoilers replaced by a word. */
export function reviewPlainText(markdown: string): string {
  return markdown
    .replace(/\|\|(?=\S)[\s\S]*?\S\|\|/g, '[spoiler]')
    .replace(/[*_`>#]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
