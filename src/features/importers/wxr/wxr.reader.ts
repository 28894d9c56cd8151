import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportLimitError, type ImportLimits, openInput } from '../open-input.js';
import { feedXml } from '../xml-stream.js';
import {
  type WxrAuthor,
  type WxrComment,
  WxrError,
  type WxrEvent,
  type WxrItem,
  type WxrSite,
  type WxrTerm,
} from './wxr.js';

/**
 * Namespaces are matched by URI, never by prefix: an export may bind `wp:` to anything, and an element that only
 * looks like WordPress's (another URI under the same prefix) is not read.
 */
const WP = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
const EXCERPT = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/excerpt\/$/;
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DC = 'http://purl.org/dc/elements/1.1/';
const VERSIONS = new Set(['1.0', '1.1', '1.2']);
const ZERO_DATE = '0000-00-00 00:00:00';

/** One element of a record (an item, an author, a term), kept only until the record is mapped. */
interface Node {
  ns: 'wp' | 'excerpt' | 'content' | 'dc' | 'rss' | 'other';
  local: string;
  line: number;
  attributes: Record<string, string>;
  text: string;
  children: Node[];
}

function nsOf(uri: string): Node['ns'] {
  if (uri === '') return 'rss';
  if (WP.test(uri)) return 'wp';
  if (EXCERPT.test(uri)) return 'excerpt';
  if (uri === CONTENT) return 'content';
  if (uri === DC) return 'dc';
  return 'other';
}

const child = (node: Node, ns: Node['ns'], local: string) =>
  node.children.find((c) => c.ns === ns && c.local === local);
const text = (node: Node, ns: Node['ns'], local: string) => child(node, ns, local)?.text ?? '';
const wp = (node: Node, local: string) => text(node, 'wp', local).trim();
const children = (node: Node, ns: Node['ns'], local: string) =>
  node.children.filter((c) => c.ns === ns && c.local === local);

function toAuthor(node: Node): WxrAuthor | null {
  const login = wp(node, 'author_login');
  if (!login) return null;
  return {
    position: `line ${node.line}`,
    id: wp(node, 'author_id') || null,
    login,
    email: wp(node, 'author_email'),
    displayName: wp(node, 'author_display_name') || login,
  };
}

function toTerm(node: Node): WxrTerm | null {
  const position = `line ${node.line}`;
  const id = wp(node, 'term_id') || null;
  if (node.local === 'category') {
    const slug = wp(node, 'category_nicename');
    return slug
      ? {
          position,
          taxonomy: 'category',
          id,
          slug,
          name: wp(node, 'cat_name') || slug,
          parentSlug: wp(node, 'category_parent') || null,
          description: wp(node, 'category_description'),
        }
      : null;
  }
  if (node.local === 'tag') {
    const slug = wp(node, 'tag_slug');
    return slug
      ? {
          position,
          taxonomy: 'post_tag',
          id,
          slug,
          name: wp(node, 'tag_name') || slug,
          parentSlug: null,
          description: wp(node, 'tag_description'),
        }
      : null;
  }
  const slug = wp(node, 'term_slug');
  const taxonomy = wp(node, 'term_taxonomy');
  return slug && taxonomy
    ? {
        position,
        taxonomy,
        id,
        slug,
        name: wp(node, 'term_name') || slug,
        parentSlug: wp(node, 'term_parent') || null,
        description: wp(node, 'term_description'),
      }
    : null;
}

function toComment(node: Node): WxrComment {
  const gmt = wp(node, 'comment_date_gmt');
  return {
    id: wp(node, 'comment_id'),
    author: wp(node, 'comment_author'),
    email: wp(node, 'comment_author_email'),
    url: wp(node, 'comment_author_url'),
    ip: wp(node, 'comment_author_IP'),
    date: gmt && gmt !== ZERO_DATE ? gmt : wp(node, 'comment_date'),
    content: text(node, 'wp', 'comment_content'),
    approved: wp(node, 'comment_approved'),
    type: wp(node, 'comment_type'),
    parentId: wp(node, 'comment_parent'),
  };
}

function toItem(node: Node): WxrItem {
  const gmt = wp(node, 'post_date_gmt');
  return {
    position: `line ${node.line}`,
    postId: wp(node, 'post_id'),
    title: text(node, 'rss', 'title').trim(),
    link: text(node, 'rss', 'link').trim(),
    postType: wp(node, 'post_type') || 'post',
    status: wp(node, 'status') || 'publish',
    postName: wp(node, 'post_name'),
    date: gmt && gmt !== ZERO_DATE ? gmt : wp(node, 'post_date'),
    creator: text(node, 'dc', 'creator').trim(),
    content: text(node, 'content', 'encoded'),
    excerpt: text(node, 'excerpt', 'encoded'),
    parentId: wp(node, 'post_parent'),
    attachmentUrl: wp(node, 'attachment_url'),
    terms: children(node, 'rss', 'category')
      .filter((c) => c.attributes.nicename)
      .map((c) => ({
        domain: c.attributes.domain ?? 'category',
        slug: c.attributes.nicename ?? '',
        name: c.text.trim(),
      })),
    meta: children(node, 'wp', 'postmeta').map((m) => ({ key: wp(m, 'meta_key'), value: text(m, 'wp', 'meta_value') })),
    comments: children(node, 'wp', 'comment').map(toComment),
  };
}

/**
 * Stream a WordPress export (WXR 1.0–1.2, plain or gzipped) as events: the site once, before the first author, term
 * or item; then authors and terms; then items, each whole with its meta and comments. Only one record is held at a
 * time, so memory does not grow with the file. Anything that makes the file unreadable (not XML, invalid UTF-8, no or
 * an unknown wp:wxr_version, not an RSS export) throws a WxrError naming the line; events already yielded stand.
 */
export async function* readWxr(file: string, limits: ImportLimits): AsyncGenerator<WxrEvent> {
  const input = await openInput(file, limits.maxBytes);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const queue: WxrEvent[] = [];
  const path: Array<{ ns: Node['ns']; local: string }> = [];
  let record: Node[] = [];
  let recordChars = 0;
  let version: string | null = null;
  let siteTitle = '';
  let siteUrl = '';
  let siteSent = false;
  let sawChannel = false;

  const sendSite = (line: number) => {
    if (siteSent) return;
    if (!version) throw new WxrError(`line ${line}: no wp:wxr_version before the first record: not a WordPress export`);
    siteSent = true;
    const site: WxrSite = { version, title: siteTitle, siteUrl: siteUrl.replace(/\/+$/, '') };
    queue.push({ kind: 'site', site });
  };

  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding))
      throw new WxrError(`line 1: the file declares encoding ${decl.encoding}; WordPress exports are UTF-8`);
  });

  parser.on('opentag', (tag: SaxesTagNS) => {
    const ns = nsOf(tag.uri);
    const depth = path.length;
    path.push({ ns, local: tag.local });
    if (depth === 0) {
      if (ns !== 'rss' || tag.local !== 'rss')
        throw new WxrError(`line ${parser.line}: the root element is <${tag.name}>, not <rss>: not a WordPress export`);
      return;
    }
    if (depth === 1) {
      if (ns === 'rss' && tag.local === 'channel') sawChannel = true;
      return;
    }
    if (depth < 2 || path[1]?.local !== 'channel') return;
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = attr.value;
    const node: Node = { ns, local: tag.local, line: parser.line, attributes, text: '', children: [] };
    if (depth === 2) {
      const isRecord =
        (ns === 'rss' && tag.local === 'item') ||
        (ns === 'wp' && ['author', 'category', 'tag', 'term'].includes(tag.local));
      if (isRecord) sendSite(parser.line);
      recordChars = 0;
      record = [node];
      return;
    }
    record[record.length - 1]?.children.push(node);
    record.push(node);
  });

  const onText = (value: string) => {
    const node = record[record.length - 1];
    if (!node || path.length < 3) return;
    recordChars += value.length;
    if (recordChars > limits.maxRecordBytes)
      throw new ImportLimitError(
        `the record at line ${record[0]?.line} is larger than ${limits.maxRecordBytes} bytes (IMPORT_MAX_RECORD_BYTES)`,
      );
    node.text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const depth = path.length - 1;
    path.pop();
    if (depth === 1 && path[0] && sawChannel && !siteSent) sendSite(parser.line);
    if (depth < 2 || record.length === 0) return;
    const node = record.pop() as Node;
    if (depth > 2) return;
    if (node.ns === 'wp' && node.local === 'wxr_version') {
      const value = node.text.trim();
      if (!VERSIONS.has(value))
        throw new WxrError(`line ${node.line}: wp:wxr_version "${value}" is not 1.0, 1.1 or 1.2`);
      version = value;
    } else if (node.ns === 'wp' && node.local === 'base_blog_url') {
      siteUrl = node.text.trim();
    } else if (node.ns === 'wp' && node.local === 'base_site_url') {
      siteUrl ||= node.text.trim();
    } else if (node.ns === 'rss' && node.local === 'link') {
      siteUrl ||= node.text.trim();
    } else if (node.ns === 'rss' && node.local === 'title') {
      siteTitle = node.text.trim();
    } else if (node.ns === 'rss' && node.local === 'item') {
      queue.push({ kind: 'item', item: toItem(node) });
    } else if (node.ns === 'wp' && node.local === 'author') {
      const author = toAuthor(node);
      if (author) queue.push({ kind: 'author', author });
    } else if (node.ns === 'wp' && ['category', 'tag', 'term'].includes(node.local)) {
      const term = toTerm(node);
      if (term) queue.push({ kind: 'term', term });
    }
  });

  try {
    const line = yield* feedXml(input as AsyncIterable<Buffer>, parser, queue, {
      fail: (message) => new WxrError(message),
      isOwn: (error) => error instanceof WxrError,
      formatName: 'WordPress',
    });
    if (!sawChannel) throw new WxrError(`line ${line}: no <channel> in the file: not a WordPress export`);
  } finally {
    input.destroy();
  }
}
