import { openInput } from '../open-input.js';

const SNIFF_BYTES = 64 * 1024;

/**
 * Whether a file (plain or gzipped) is a WordPress export: an RSS document binding WordPress's export namespace in its
 * first 64 KB. Only the start is read; the importer checks the rest as it streams.
 */
export async function looksLikeWxr(file: string): Promise<boolean> {
  const input = await openInput(file, Number.MAX_SAFE_INTEGER);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      chunks.push(buffer);
      length += buffer.length;
      if (length >= SNIFF_BYTES) break;
    }
  } catch {
    return false;
  } finally {
    input.destroy();
  }
  const head = Buffer.concat(chunks).subarray(0, SNIFF_BYTES).toString('utf8');
  return /<rss\b/.test(head) && /xmlns:[\w.-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\/1\.[0-2]\/["']/.test(head);
}
