import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportLimitError, type ImportLimits, openInput } from '../open-input.js';
import { firstInvalidUtf8 } from '../wxr/wxr.reader.js';
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

const newlines = (value: string) => value.split('\n').length - 1;
const lineOf = (error: Error) =>
  error.message.replace(/^(\d+):(\d+): /, (_m, line: string, column: string) => `line ${line}, column ${column}: `);

/**
 * Stream a Disqus XML export (plain or gzipped) as its threads and posts, one record held at a time. Elements are
 * matched by Disqus's namespace URI. A file that is not a readable export throws a DisqusError naming the line.
 */
export async function* readDisqus(file: string, limits: ImportLimits): AsyncGenerator<DisqusEvent> {
  const input = await openInput(file, limits.maxBytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
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

  let line = 1;
  const feed = (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof DisqusError || error instanceof ImportLimitError) throw error;
      throw new DisqusError(`malformed XML: ${lineOf(error as Error)}`);
    }
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let decoded: string;
      try {
        decoded = decoder.decode(chunk, { stream: true });
      } catch {
        const at = firstInvalidUtf8(chunk);
        const before = at > 0 ? new TextDecoder().decode(chunk.subarray(0, at)) : '';
        throw new DisqusError(`line ${line + newlines(before)}: invalid UTF-8 (Disqus exports are UTF-8)`);
      }
      feed(decoded);
      line += newlines(decoded);
      while (queue.length) yield queue.shift() as DisqusEvent;
    }
    try {
      parser.close();
    } catch (error) {
      throw new DisqusError(`malformed XML: ${lineOf(error as Error)}`);
    }
    if (!sawRoot) throw new DisqusError('line 1: no <disqus> element: not a Disqus export');
    while (queue.length) yield queue.shift() as DisqusEvent;
  } finally {
    input.destroy();
  }
}
