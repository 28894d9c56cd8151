import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { formatBytes } from '../importers/index.js';
import { HistoryFileError } from './history-row.js';

/** What one uploaded history file may cost. Defaults below; the member side passes its configured ones. */
export interface HistoryLimits {
  /** Bytes of the file as uploaded (the ZIP, or a plain CSV/JSON). Checked before anything is read. */
  maxFileBytes: number;
  /** Bytes all the ZIP's files may inflate to together, as their headers declare and as they really do. */
  maxUnpackedBytes: number;
  /** Files in the ZIP. */
  maxEntries: number;
  /** Inflated size over packed size of one file; past it (on a file over 1 MB) the ZIP is taken for a bomb. */
  maxRatio: number;
  /** Bytes one CSV record may hold (a long review). */
  maxRecordBytes: number;
  /** Rows in all the files together. */
  maxRows: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxUnpackedBytes: 500 * 1024 * 1024,
  maxEntries: 10_000,
  // Deflate packs repetitive CSV about 5–20:1 (a Letterboxd export measured 6:1); bombs are hundreds to millions.
  maxRatio: 100,
  maxRecordBytes: 1024 * 1024,
  maxRows: 500_000,
};

const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface ZipEntryInfo {
  /** The path inside the archive, with forward slashes. */
  name: string;
  size: number;
}

const openZip = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      // strictFileNames: a backslash in a name is refused instead of read as a folder separator; yauzl itself refuses
      // absolute names and "..". validateEntrySizes: a file that inflates past its declared size fails its stream.
      { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true },
      (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip)),
    ),
  );

/**
 * A ZIP whose every entry was checked before any is read: names (no "..", no absolute path, no backslash), count,
 * declared sizes against the limits and each file's compression ratio. Reading a file then fails if it inflates past
 * what its header declared, so the declared total bounds what is really read.
 */
export class SafeZip {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
    readonly label: string,
  ) {}

  get entries(): ZipEntryInfo[] {
    return [...this.byName.values()].map((e) => ({ name: e.fileName, size: e.uncompressedSize }));
  }

  static async open(file: string, label: string, limits: HistoryLimits): Promise<SafeZip> {
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(file);
    } catch (error) {
      throw new HistoryFileError(`${label}: not a ZIP file that can be read (${messageOf(error)})`);
    }
    try {
      if (zip.entryCount > limits.maxEntries)
        throw new HistoryFileError(`${label}: holds ${zip.entryCount} files, more than ${limits.maxEntries}`);
      const byName = await readDirectory(zip, label, limits);
      return new SafeZip(zip, byName, label);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  async open(name: string): Promise<Readable> {
    const entry = this.byName.get(name);
    if (!entry) throw new HistoryFileError(`${this.label}: no file ${name}`);
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) =>
        error || !s ? reject(error ?? new Error('no stream')) : resolve(s),
      ),
    ).catch((error: unknown) => {
      throw new HistoryFileError(`${this.label}: ${name} cannot be read (${messageOf(error)})`);
    });
    return stream;
  }

  close(): void {
    this.zip.close();
  }
}

function readDirectory(zip: yauzl.ZipFile, label: string, limits: HistoryLimits): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const byName = new Map<string, yauzl.Entry>();
    let total = 0;
    const fail = (message: string) => {
      zip.removeAllListeners();
      reject(new HistoryFileError(`${label}: ${message}`));
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) {
        if (entry.isEncrypted()) return fail(`${entry.fileName} is encrypted`);
        total += entry.uncompressedSize;
        if (total > limits.maxUnpackedBytes)
          return fail(`its files inflate to more than ${formatBytes(limits.maxUnpackedBytes)}, the limit`);
        const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
        if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio)
          return fail(
            `${entry.fileName} is packed ${Math.round(ratio)}:1, past ${limits.maxRatio}:1: refused as a ZIP bomb`,
          );
        if (byName.has(entry.fileName)) return fail(`${entry.fileName} is in the ZIP twice`);
        byName.set(entry.fileName, entry);
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve(byName));
    zip.once('error', (error: unknown) => fail(`unsafe or damaged entry (${messageOf(error)})`));
    zip.readEntry();
  });
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The uploaded file's size against the limit, from the file system: a 2 GB upload is refused unread. */
export async function checkFileSize(file: string, label: string, limits: HistoryLimits): Promise<void> {
  const { size } = await fs.promises.stat(file);
  if (size > limits.maxFileBytes)
    throw new HistoryFileError(
      `${label}: the file is ${formatBytes(size)}, more than the ${formatBytes(limits.maxFileBytes)} allowed`,
    );
}

/**
 * A stream (an upload) written to a temporary file, for reading by random access (a ZIP's directory is at its end).
 * Stops, deleting what it wrote, once more than maxFileBytes came in.
 */
export async function spoolToTempFile(
  input: Readable,
  label: string,
  limits: HistoryLimits,
): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'reelhouse-history-'));
  const file = path.join(dir, 'upload');
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
  let seen = 0;
  try {
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          seen += chunk.length;
          if (seen > limits.maxFileBytes)
            throw new HistoryFileError(
              `${label}: the file is larger than the ${formatBytes(limits.maxFileBytes)} allowed`,
            );
          yield chunk;
        }
      },
      fs.createWriteStream(file),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, remove };
}
