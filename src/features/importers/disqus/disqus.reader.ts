import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportLimitError, type ImportLimits, openInput } from '../open-input.js';
import { feedXml } from '../xml-stream.js';
import { DisqusError, type DisqusEvent, type DisqusPost, type DisqusThread } from './disqus.js';

const DISQUS = 'http://disqus.com';
const INTERNALS = 'http://disqus.com/disqus-internals';

interface Node {
  local: string;
  line: number;
  /** `dsq:id`, matched by namespace URI. */
  dsqId: string;
  text: string;
  children: Node[];
}

const child = (node: Node, local: string) => node.children.find((c) => c.local === local);
const text = (node: Node | undefined, local: string) => (node ? (child(node, local)?.text ?? '').trim() : '');
const flag = (node: Node, local: string) => text(node, local).toLowerCase() === 'true';

function toThread(node: Node): DisqusThread {
  return {
    position: `line ${node.line}`,
    id: node.dsqId,
    forum: text(node, 'forum'),
    link: text(node, 'link'),
    title: text(node, 'title'),
  };
}

function toPost(node: Node): DisqusPost {
  const author = child(node, 'author');
  return {
    position: `line ${node.line}`,
    id: node.dsqId,
    threadId: child(node, 'thread')?.dsqId ?? '',
    parentId: child(node, 'parent')?.dsqId ?? '',
    message: child(node, 'message')?.text ?? '',
    createdAt: text(node, 'createdAt'),
    authorName: text(author, 'name'),
    authorEmail: text(author, 'email'),
    ip: text(node, 'ipAddress'),
    isDeleted: flag(node, 'isDeleted'),
    isSpam: flag(node, 'isSpam'),
    isApproved: text(node, 'isApproved').toLowerCase() !== 'false',
  };
}

/**
 * Stream a Disqus XML export (plain or gzipped) as its threads and posts, one record held at a time. Elements are
 * matched by Disqus's namespace URI. A file that is not a readable export throws a DisqusError naming the line.
 */
export async function* readDisqus(file: string, limits: ImportLimits): AsyncGenerator<DisqusEvent> {
  const input = await openInput(file, limits.maxBytes);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const queue: DisqusEvent[] = [];
  let depth = 0;
  const record: Node[] = [];
  let recordChars = 0;
  let sawRoot = false;

  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++;
    if (depth === 1) {
      if (tag.uri !== DISQUS || tag.local !== 'disqus')
        throw new DisqusError(`line ${parser.line}: the root element is <${tag.name}>, not Disqus's <disqus>`);
      sawRoot = true;
      return;
    }
    const inside = record.length > 0;
    if (tag.uri !== DISQUS || (!inside && depth !== 2)) {
      // Another namespace's element: skipped with whatever it holds (its text is not collected either).
      if (inside || depth === 2) record.push({ local: '', line: parser.line, dsqId: '', text: '', children: [] });
      return;
    }
    const dsqId = Object.values(tag.attributes).find((a) => a.uri === INTERNALS && a.local === 'id')?.value ?? '';
    const node: Node = { local: tag.local, line: parser.line, dsqId, text: '', children: [] };
    if (depth === 2) recordChars = 0;
    else record[record.length - 1]?.children.push(node);
    record.push(node);
  });

  const onText = (value: string) => {
    const node = record[record.length - 1];
    if (!node) return;
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
    depth--;
    const node = record.pop();
    if (!node || record.length > 0) return;
    if (node.local === 'thread') queue.push({ kind: 'thread', thread: toThread(node) });
    else if (node.local === 'post') queue.push({ kind: 'post', post: toPost(node) });
  });

  try {
    yield* feedXml(input as AsyncIterable<Buffer>, parser, queue, {
      fail: (message) => new DisqusError(message),
      isOwn: (error) => error instanceof DisqusError,
      formatName: 'Disqus',
    });
    if (!sawRoot) throw new DisqusError('line 1: no <disqus> element: not a Disqus export');
  } finally {
    input.destroy();
  }
}
