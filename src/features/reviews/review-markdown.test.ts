import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReviewMarkdown } from './review-markdown.js';

const PAYLOADS = fs
  .readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

const SAFE_TAGS = new Set(['p', 'br', 'em', 'strong', 'del', 'a', 'blockquote', 'ul', 'ol', 'li', 'code', 'span']);
const SAFE_ATTRIBUTES = new Set(['href', 'rel', 'class', 'id', 'for', 'type']);

/** What a browser would run or load from this HTML: any tag or attribute outside the subset, or a script link. */
function dangerIn(html: string): string | null {
  for (const [, tag, attributes] of html.matchAll(/<([a-z][\w-]*)([^>]*)>/gi)) {
    const allowed =
      SAFE_TAGS.has(tag!) || (tag === 'input' && attributes!.startsWith(' type="checkbox"')) || tag === 'label';
    if (!allowed) return `<${tag}>`;
    for (const [, name, value] of attributes!.matchAll(/\s([\w-]+)="([^"]*)"/g)) {
      if (!SAFE_ATTRIBUTES.has(name!)) return name!;
      // A relative address stays on this site; any scheme but these is refused.
      if (name === 'href' && /^[a-z][a-z\d+.-]*:/i.test(value!) && !/^(https?:|mailto:)/i.test(value!)) return value!;
    }
  }
  return null;
}

describe('review Markdown', () => {
  it('keeps the subset: paragraphs, emphasis, quotes, lists, safe links', () => {
    const html = renderReviewMarkdown(
      'A *slow* **burn**.\n\n> quoted\n\n- one\n- two\n\n[site](https://example.org/a)',
      'r1',
    );
    expect(html).toContain('<em>slow</em>');
    expect(html).toContain('<strong>burn</strong>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<li>two</li>');
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener">site</a>');
  });

  it('shows raw HTML as text and images as their alt text', () => {
    const html = renderReviewMarkdown('Hi <b>bold</b>\n\n![a poster](https://elsewhere.example/p.jpg)', 'r1');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('elsewhere.example');
    expect(html).toContain('a poster');
  });

  it('turns ||words|| into a spoiler a checkbox reveals, with unique ids', () => {
    const html = renderReviewMarkdown('The ||butler|| did ||*it*||.', 'review-7');
    expect(html).toContain(
      '<input type="checkbox" class="spoiler__toggle" id="review-7-spoiler-1"><label for="review-7-spoiler-1" class="spoiler__label">Spoiler</label><span class="spoiler__text">butler</span></span>',
    );
    expect(html).toContain('id="review-7-spoiler-2"');
    expect(html).toContain('<em>it</em></span></span>');
  });

  it('balances spoiler markup whatever is typed', () => {
    for (const text of ['<rh-spoiler>open', '||a ||b|| c||', '</rh-spoiler></rh-spoiler>x', '||unclosed']) {
      const html = renderReviewMarkdown(text, 'r');
      expect(html.match(/<span/g)?.length ?? 0).toBe(html.match(/<\/span>/g)?.length ?? 0);
    }
  });

  it('renders every XSS payload inert', () => {
    for (const payload of PAYLOADS) {
      for (const text of [payload, `||${payload}||`, `> ${payload}`, `[x](${payload})`, `- ${payload}`]) {
        expect(dangerIn(renderReviewMarkdown(text, 'r')), text).toBeNull();
      }
    }
  });
});
