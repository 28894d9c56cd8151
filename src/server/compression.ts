import zlib from 'node:zlib';

/** The encodings this site sends besides identity (docs/decisions/022, addendum). */
export type Encoding = 'br' | 'gzip';

/**
 * The encoding to send, from the client's Accept-Encoding and what this answer has: the highest q-value wins, ties go
 * to the order of `available`. null: identity (no header, `identity;q=0` with nothing else, or nothing acceptable).
 */
export function negotiate(header: string | undefined, available: readonly Encoding[]): Encoding | null {
  if (!header) return null;
  let best: Encoding | null = null;
  let bestQ = 0;
  let bestRank = Number.POSITIVE_INFINITY;
  let starQ: number | undefined;
  const seen = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim());
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (name === '*') starQ = q;
    else seen.set(name, q);
  }
  for (const [rank, encoding] of available.entries()) {
    const q = seen.get(encoding) ?? starQ ?? 0;
    if (q > bestQ || (q === bestQ && q > 0 && rank < bestRank)) {
      best = encoding;
      bestQ = q;
      bestRank = rank;
    }
  }
  return best;
}

const BR_PAGE = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_MODE]: 1 } };
const BR_ASSET = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };

interface Whole {
  br?: Buffer;
  gzip?: Buffer;
}
const wholes = new WeakMap<Buffer, Whole>();

/**
 * A whole body compressed once per process and kept beside it (assets, pages with no per-visitor part): computed on
 * the first request that asks for that encoding, never again.
 */
export function encodedOnce(body: Buffer, encoding: Encoding, asset = false): Buffer {
  let whole = wholes.get(body);
  if (!whole) {
    whole = {};
    wholes.set(body, whole);
  }
  if (encoding === 'br') {
    whole.br ??= zlib.brotliCompressSync(body, asset ? BR_ASSET : BR_PAGE);
    return whole.br;
  }
  whole.gzip ??= zlib.gzipSync(body, { level: asset ? 9 : 6 });
  return whole.gzip;
}

// CRC-32 of a concatenation from the parts' CRCs (the method of zlib's crc32_combine_op): a part's CRC is shifted by
// the length of what follows with one multiplication modulo the CRC polynomial, precomputed per stored segment.
const POLY = 0xedb88320;

function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

const X2N: number[] = [0x40000000];
for (let k = 1; k < 32; k++) X2N.push(multModP(X2N[k - 1]!, X2N[k - 1]!));

/** The operator that shifts a CRC past `length` bytes. */
function shiftOp(length: number): number {
  let p = 0x80000000;
  let k = 3;
  let n = length;
  while (n > 0) {
    if (n & 1) p = multModP(X2N[k & 31]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p >>> 0;
}

/** A stored segment as raw deflate ending on a byte boundary (sync flush), with its CRC and shift operator. */
interface Deflated {
  z: Buffer;
  crc: number;
  op: number;
}
const deflated = new WeakMap<Buffer, Deflated>();

function deflateOnce(segment: Buffer): Deflated {
  let d = deflated.get(segment);
  if (!d) {
    d = {
      z: zlib.deflateRawSync(segment, { level: 6, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
      crc: zlib.crc32(segment),
      op: shiftOp(segment.length),
    };
    deflated.set(segment, d);
  }
  return d;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final block with fixed codes: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** A short per-visitor piece as a stored (uncompressed) deflate block: 5 bytes of framing, no compressor. */
function storedBlocks(text: Buffer, out: Buffer[]): void {
  for (let at = 0; at < text.length; at += 0xffff) {
    const chunk = text.subarray(at, at + 0xffff);
    const head = Buffer.allocUnsafe(5);
    head[0] = 0;
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(head, chunk);
  }
}

/**
 * One gzip member from a page's pieces in order: stored buffers are deflated once and kept (sync-flushed, so each
 * ends on a byte boundary and they join), per-visitor strings go in as stored blocks; the CRC is combined, not
 * recomputed over the page. Returns the chunks to write and their total length.
 */
export function gzipJoin(pieces: readonly (Buffer | string)[]): { chunks: Buffer[]; length: number } {
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      if (piece.length === 0) continue;
      const bytes = Buffer.from(piece);
      storedBlocks(bytes, chunks);
      crc = zlib.crc32(bytes, crc);
      size += bytes.length;
    } else if (piece.length > 0) {
      const d = deflateOnce(piece);
      chunks.push(d.z);
      crc = (multModP(d.op, crc) ^ d.crc) >>> 0;
      size += piece.length;
    }
  }
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(FINAL_BLOCK, trailer);
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return { chunks, length };
}
