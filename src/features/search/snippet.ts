import { fold } from './query.js';

/** A piece of a snippet: `hit` pieces are the words that matched the query. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Snippet as HTML for the API: every character escaped, then <mark> around the hits, and nothing else. */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

/**
 * A window of about `max` characters of the synopsis around the first word that matches the query, matching words
 * marked. Done here rather than with FTS5 snippet() / ts_headline() so both databases give the same snippet and the
 * escaping happens in one place.
 */
export function makeSnippet(
  text: string,
  terms: Array<{ forms: string[]; prefix: boolean }>,
  max = 200,
): SnippetPart[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  const matches = (word: string) => {
    const w = fold(word);
    return terms.some((t) => t.forms.some((f, i) => w === f || (i === 0 && t.prefix && w.startsWith(f))));
  };
  const tokens = [...clean.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const first = tokens.find((m) => matches(m[0]));
  let start = 0;
  if (first?.index !== undefined && first.index > max / 3) {
    // Start a little before the first hit, at a word boundary.
    const from = clean.lastIndexOf(' ', first.index - Math.floor(max / 4));
    start = from < 0 ? 0 : from + 1;
  }
  let end = Math.min(clean.length, start + max);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > start + max / 2) end = space;
  }
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', hit: false });
  let cursor = start;
  for (const token of tokens) {
    const at = token.index ?? 0;
    if (at < start || at + token[0].length > end) continue;
    if (!matches(token[0])) continue;
    if (at > cursor) parts.push({ text: clean.slice(cursor, at), hit: false });
    parts.push({ text: token[0], hit: true });
    cursor = at + token[0].length;
  }
  if (cursor < end) parts.push({ text: clean.slice(cursor, end), hit: false });
  if (end < clean.length) parts.push({ text: '…', hit: false });
  return parts;
}
