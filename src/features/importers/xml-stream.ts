import type { SaxesParser } from 'saxes';
import { ImportLimitError } from './open-input.js';

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1; // cut by the chunk's end: the next chunk decides
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

const newlines = (text: string) => {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
};

/** saxes says "12:5: message"; ours says "line 12, column 5: message". */
const lineOf = (error: Error) =>
  error.message.replace(/^(\d+):(\d+): /, (_m, line: string, column: string) => `line ${line}, column ${column}: `);

/**
 * Feed a streamed file to a saxes parser, strictly as UTF-8, and yield what the parser's handlers queued after each
 * chunk. Shared by the WordPress and Disqus readers, so both name the line of invalid UTF-8 and of malformed XML the
 * same way; errors the handlers raise themselves (`own`, and import limits) pass through unchanged. Returns the number
 * of lines read, for a last check by the caller.
 */
export async function* feedXml<E>(
  input: AsyncIterable<Buffer>,
  parser: SaxesParser,
  queue: E[],
  options: { fail: (message: string) => Error; isOwn: (error: unknown) => boolean; formatName: string },
): AsyncGenerator<E, number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const { fail, isOwn, formatName } = options;
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (error) {
      if (isOwn(error) || error instanceof ImportLimitError) throw error;
      throw fail(`malformed XML: ${lineOf(error as Error)}`);
    }
  };
  let line = 1;
  for await (const chunk of input) {
    let decoded: string;
    try {
      decoded = decoder.decode(chunk, { stream: true });
    } catch {
      const at = firstInvalidUtf8(chunk);
      const before = at > 0 ? new TextDecoder().decode(chunk.subarray(0, at)) : '';
      throw fail(`line ${line + newlines(before)}: invalid UTF-8 (${formatName} exports are UTF-8)`);
    }
    feed(decoded);
    line += newlines(decoded);
    while (queue.length) yield queue.shift() as E;
  }
  try {
    decoder.decode();
  } catch {
    throw fail(`line ${line}: invalid UTF-8 at the end of the file`);
  }
  try {
    parser.close();
  } catch (error) {
    if (isOwn(error) || error instanceof ImportLimitError) throw error;
    throw fail(`malformed XML: ${lineOf(error as Error)}`);
  }
  while (queue.length) yield queue.shift() as E;
  return line;
}
