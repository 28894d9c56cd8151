import fs from 'node:fs';
import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** What one import file may cost; config.ts holds the defaults and the environment variables that set them. */
export interface ImportLimits {
  /** Bytes the file may hold once un-gzipped (IMPORT_MAX_BYTES). */
  maxBytes: number;
  /** Bytes one record may hold (IMPORT_MAX_RECORD_BYTES). */
  maxRecordBytes: number;
  /** Records the file may hold, good or bad (IMPORT_MAX_ROWS). */
  maxRows: number;
}

/** "256 MB", "64 KB", "900 bytes": a limit as an operator would write it. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  if (kb >= 1) return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** A read that went past one of ImportLimits; its message names the limit and the variable that sets it. */
export class ImportLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportLimitError';
  }
}

/**
 * Counts the bytes going through and fails the stream past `maxBytes`. After gunzip, so what is counted is what the
 * parser would have to read: a small gzip file inflating to gigabytes stops at the limit, having held one chunk.
 */
function byteLimit(maxBytes: number, gzipped: boolean): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) {
        const what = gzipped ? 'the file inflates past' : 'the file is larger than';
        done(new ImportLimitError(`${what} ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES)`));
        return;
      }
      done(null, chunk);
    },
  });
}

/**
 * A byte stream of the file, un-gzipped when it starts with gzip's magic bytes (whatever its name says), that fails
 * once more than `maxBytes` came out of it.
 */
export async function openInput(file: string, maxBytes: number): Promise<Readable> {
  const handle = await fs.promises.open(file, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  // pipeline() (unlike pipe) passes a read, gunzip or limit error on to whoever reads the last stream, and stops the
  // streams before it, so an abandoned gunzip does not go on inflating.
  if (gzipped) return pipeline(raw, createGunzip(), byteLimit(maxBytes, true), () => {});
  return pipeline(raw, byteLimit(maxBytes, false), () => {});
}
