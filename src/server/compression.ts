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

/** Compressed forms made ahead (assets precompressed by the build): used as if computed here. */
export function seedEncoded(body: Buffer, forms: Whole): void {
  const whole = wholes.get(body) ?? {};
  if (forms.br) whole.br = forms.br;
  if (forms.gzip) whole.gzip = forms.gzip;
  wholes.set(body, whole);
}

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
    // The text itself when it fits one block: template images find a hole's place by the very buffer (imageOf).
    const chunk = text.length <= 0xffff ? text : text.subarray(at, at + 0xffff);
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

// Page templates (decision 040): a spliced page for one combination of personal variants is fixed bytes with holes for
// the per-response pieces (CSRF token, form stamp, saved details). Both encodings below are built once per template,
// off the event loop, and filled per response with no compressor run.

/** Fixed bytes, or a hole filled per response: its length in bytes when always the same, else -1. */
export type TemplatePart = Buffer | number;

export interface EncodedTemplate {
  encoding: Encoding;
  /** Per part: the encoded bytes of a fixed part; null for a hole. */
  encoded: (Buffer | null)[];
  /** Per part: the hole's length (-1: any), or the fixed part's uncompressed length. */
  lengths: number[];
  /** gzip: each fixed part's CRC-32 and the operator shifting a CRC past it; brotli: unused. */
  crcs: number[];
  ops: number[];
  /** Bytes after the last part (brotli: the last meta-block's end; gzip: the empty final block). */
  tail: Buffer;
}

const holesOf = (parts: readonly TemplatePart[]) => parts.filter((part) => typeof part === 'number').length;

/**
 * The template's bytes with these hole fills, or null when a fill's length differs from the one the template was
 * built for (the caller then joins segments as before: always correct, only larger).
 */
export function fillTemplate(
  t: EncodedTemplate,
  fills: readonly Buffer[],
): { chunks: Buffer[]; length: number } | null {
  const gzip = t.encoding === 'gzip';
  const chunks: Buffer[] = gzip ? [GZIP_HEADER] : [];
  let crc = 0;
  let size = 0;
  let hole = 0;
  for (let i = 0; i < t.encoded.length; i++) {
    const encoded = t.encoded[i];
    if (encoded) {
      chunks.push(encoded);
      if (gzip) {
        crc = (multModP(t.ops[i]!, crc) ^ t.crcs[i]!) >>> 0;
        size += t.lengths[i]!;
      }
      continue;
    }
    const fill = fills[hole++]!;
    const expected = t.lengths[i]!;
    if (expected >= 0 && fill.length !== expected) return null;
    if (fill.length === 0) continue;
    if (gzip) {
      storedBlocks(fill, chunks);
      crc = zlib.crc32(fill, crc);
      size += fill.length;
    } else {
      chunks.push(uncompressedMetaBlockHeader(fill.length), fill);
    }
  }
  chunks.push(t.tail);
  if (gzip) {
    const trailer = Buffer.allocUnsafe(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(size >>> 0, 4);
    chunks.push(trailer);
  }
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return { chunks, length };
}

/**
 * A brotli meta-block header for `length` (1…65,536) bytes stored as they are (RFC 7932 §9.2): ISLAST 0, MNIBBLES 4,
 * MLEN-1 in 16 bits, ISUNCOMPRESSED 1, then zero bits to the byte boundary. 24 bits; the data follows.
 */
function uncompressedMetaBlockHeader(length: number): Buffer {
  if (length < 1 || length > 65_536) throw new Error('an uncompressed meta-block holds 1 to 65,536 bytes');
  const bits = ((length - 1) << 3) | (1 << 19);
  return Buffer.from([bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff]);
}

const deflateRawAsync = (data: Buffer, options: zlib.ZlibOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    zlib.deflateRaw(data, options, (error, result) => (error ? reject(error) : resolve(result))),
  );

/**
 * gzip template: each fixed part is deflated with the page before it as its dictionary (holes as NUL bytes, which
 * HTML never contains, so no match reaches into a hole), so it compresses about as well as the whole page. A hole of
 * varying length ends the chain: what follows it cannot point back across it. Parts end sync-flushed (byte-aligned,
 * no final bit), holes go in as stored blocks.
 */
export async function gzipTemplate(parts: readonly TemplatePart[]): Promise<EncodedTemplate> {
  const chain = !parts.some((part) => Buffer.isBuffer(part) && part.includes(0));
  let history: Buffer = Buffer.alloc(0);
  const jobs = parts.map((part) => {
    if (typeof part === 'number') {
      history = part < 0 ? Buffer.alloc(0) : keepWindow(Buffer.concat([history, Buffer.alloc(part)]));
      return null;
    }
    const options: zlib.ZlibOptions = { level: 6, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (chain && history.length > 0) options.dictionary = history;
    history = keepWindow(Buffer.concat([history, part]));
    return deflateRawAsync(part, options);
  });
  const encoded = await Promise.all(jobs);
  return {
    encoding: 'gzip',
    encoded,
    lengths: parts.map((part) => (typeof part === 'number' ? part : part.length)),
    crcs: parts.map((part) => (typeof part === 'number' ? 0 : zlib.crc32(part))),
    ops: parts.map((part) => (typeof part === 'number' ? 0 : shiftOp(part.length))),
    tail: FINAL_BLOCK,
  };
}

/** deflate looks back at most 32 KiB. */
const keepWindow = (bytes: Buffer) => (bytes.length > 32_768 ? bytes.subarray(bytes.length - 32_768) : bytes);

/**
 * Bytes that never occur in UTF-8 text (C0 controls other than tab/LF/CR, DEL, and the bytes no UTF-8 sequence uses),
 * in an order where no two-byte sequence repeats (a de Bruijn sequence over them): the filler brotli compresses in
 * a hole's place, which no part of the page can match and which the encoder cannot copy from itself.
 */
const FILLER_BYTES = [
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
  ...[0x7f, 0xc0, 0xc1, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff],
];
const FILLER_SET = new Set(FILLER_BYTES);
const FILLER = (() => {
  // de Bruijn sequence B(k, 2) by the standard recursive construction: every ordered pair of symbols exactly once.
  const k = FILLER_BYTES.length;
  const a = new Array<number>(k * 2).fill(0);
  const out: number[] = [];
  const db = (t: number, p: number) => {
    if (t > 2) {
      if (2 % p === 0) for (let j = 1; j <= p; j++) out.push(a[j]!);
    } else {
      a[t] = a[t - p]!;
      db(t + 1, p);
      for (let j = a[t - p]! + 1; j < k; j++) {
        a[t] = j;
        db(t + 1, t);
      }
    }
  };
  db(1, 1);
  return Buffer.from(out.map((i) => FILLER_BYTES[i]!));
})();

const BR_TEMPLATE = {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  // Literal contexts come from the two bytes before: after a hole those are the visitor's, not the filler's.
  [zlib.constants.BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING]: 1,
};

/**
 * brotli template: one encoder stream over the page with each hole replaced by filler, flushed before and after each
 * hole (a flush ends the meta-block on a byte boundary). A hole's meta-blocks are dropped and, per response, an
 * uncompressed meta-block of the visitor's bytes goes in their place: same length, so every later distance means the
 * same; the filler can be matched by nothing, so no later part copies from the hole and the hole's own meta-block is
 * literals only (no distance enters the decoder's ring of last distances, which an uncompressed block leaves alone).
 * Literal context modelling is off, so the bytes before a part do not pick its literal codes. Only fixed-length holes:
 * a template with a varying one (saved name, member name) gets none. Built, then checked: decompressed with two random
 * fills it must give the page with those fills, or null is returned and the page goes out gzip.
 */
export async function brotliTemplate(parts: readonly TemplatePart[]): Promise<EncodedTemplate | null> {
  if (parts.some((part) => typeof part === 'number' && part < 0)) return null;
  const total = parts.reduce<number>((n, part) => n + (typeof part === 'number' ? part : part.length), 0);
  const holeBytes = parts.reduce<number>((n, part) => n + (typeof part === 'number' ? part : 0), 0);
  if (holeBytes > FILLER.length) return null;
  for (const part of parts) if (Buffer.isBuffer(part) && part.some((byte) => FILLER_SET.has(byte))) return null;
  const encoder = zlib.createBrotliCompress({
    params: { ...BR_TEMPLATE, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: total },
  });
  let pending: Buffer[] = [];
  encoder.on('data', (chunk: Buffer) => pending.push(chunk));
  const failed = new Promise<never>((_, reject) => encoder.once('error', reject));
  const take = () => {
    const out = Buffer.concat(pending);
    pending = [];
    return out;
  };
  const flushed = () =>
    Promise.race([
      failed,
      new Promise<Buffer>((resolve) => encoder.flush(zlib.constants.BROTLI_OPERATION_FLUSH, () => resolve(take()))),
    ]);
  const encoded: (Buffer | null)[] = [];
  let filled = 0;
  for (const part of parts) {
    if (typeof part === 'number') {
      if (part > 0) {
        encoder.write(FILLER.subarray(filled, filled + part));
        filled += part;
        await flushed();
      }
      encoded.push(null);
    } else {
      encoder.write(part);
      encoded.push(await flushed());
    }
  }
  encoder.end();
  await Promise.race([failed, new Promise((resolve) => encoder.once('end', resolve))]);
  const template: EncodedTemplate = {
    encoding: 'br',
    encoded,
    lengths: parts.map((part) => (typeof part === 'number' ? part : part.length)),
    crcs: [],
    ops: [],
    tail: take(),
  };
  return checks(template, parts) ? template : null;
}

/** The template decompresses to the page with the fills in, for two different random fills. */
export function checks(template: EncodedTemplate, parts: readonly TemplatePart[]): boolean {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  for (let round = 0; round < 2; round++) {
    const fills: Buffer[] = [];
    for (const part of parts) {
      if (typeof part !== 'number') continue;
      const fill = Buffer.alloc(part < 0 ? round * 7 : part);
      for (let i = 0; i < fill.length; i++) fill[i] = alphabet.charCodeAt(Math.floor(Math.random() * alphabet.length));
      fills.push(fill);
    }
    const filled = fillTemplate(template, fills);
    if (!filled || fills.length !== holesOf(parts)) return false;
    let at = 0;
    const expected = Buffer.concat(parts.map((part) => (typeof part === 'number' ? fills[at++]! : part)));
    try {
      const body = Buffer.concat(filled.chunks);
      const plain = template.encoding === 'br' ? zlib.brotliDecompressSync(body) : zlib.gunzipSync(body);
      if (!plain.equals(expected)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A template's answer as one buffer with its holes at fixed offsets (every hole of a fixed length, ASCII fills: the
 * CSRF token and form stamp). Per response the fills are written into a copy and the copy is sent whole: one piece
 * for Node to write instead of one per part and hole. The copy is used again only once Node has handed all of it to
 * the kernel (see `send`), never while a write may still read it.
 */
export interface TemplateImage {
  master: Buffer;
  offsets: number[];
  lengths: number[];
  /** gzip: the template, for the CRC-32 of each response's bytes (written at the end). */
  gzip: EncodedTemplate | null;
  spare: Buffer | null;
}

/** The image of a template (identity: its parts; else its encoded form), or null if a hole varies in length. */
export function imageOf(parts: readonly TemplatePart[], encoded: EncodedTemplate | null): TemplateImage | null {
  const lengths = parts.filter((part): part is number => typeof part === 'number');
  if (lengths.some((length) => length <= 0)) return null;
  const placeholders: Buffer[] = lengths.map((length) => Buffer.alloc(length));
  const holeAt = new Map(placeholders.map((placeholder, i) => [placeholder, i] as const));
  let chunks: Buffer[];
  if (encoded) {
    const filled = fillTemplate(encoded, placeholders);
    if (!filled) return null;
    chunks = filled.chunks;
  } else {
    let at = 0;
    chunks = parts.map((part) => (typeof part === 'number' ? placeholders[at++]! : part));
  }
  const offsets: number[] = [];
  let position = 0;
  for (const chunk of chunks) {
    const hole = holeAt.get(chunk);
    if (hole !== undefined) offsets[hole] = position;
    position += chunk.length;
  }
  for (let i = 0; i < placeholders.length; i++) if (offsets[i] === undefined) return null;
  return {
    master: Buffer.concat(chunks),
    offsets,
    lengths,
    gzip: encoded?.encoding === 'gzip' ? encoded : null,
    spare: null,
  };
}

/**
 * The image filled with these ASCII strings, or null if one's length differs. Returns the buffer to send; `release`
 * gives it back for the next response once sending it is over (the caller knows when Node no longer holds it).
 */
export function fillImage(image: TemplateImage, fills: readonly string[]): Buffer | null {
  for (let i = 0; i < fills.length; i++) if (fills[i]!.length !== image.lengths[i]) return null;
  const out = image.spare ?? Buffer.from(image.master);
  image.spare = null;
  for (let i = 0; i < fills.length; i++) out.write(fills[i]!, image.offsets[i]!, 'latin1');
  if (image.gzip) {
    const t = image.gzip;
    let crc = 0;
    let hole = 0;
    for (let i = 0; i < t.encoded.length; i++) {
      crc = t.encoded[i] ? (multModP(t.ops[i]!, crc) ^ t.crcs[i]!) >>> 0 : zlib.crc32(fills[hole++]!, crc);
    }
    out.writeUInt32LE(crc >>> 0, out.length - 8);
  }
  return out;
}
