import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * File uploads for the admin's forms (posters, import files), as multipart/form-data.
 *
 * Why a content-type parser and not @fastify/multipart's request.file(): the CSRF check of every admin write runs in
 * the auth hook (accounts/auth.plugin.ts), a root-level preValidation hook, and reads the token from the parsed body.
 * @fastify/multipart only parses a body in the handler or in its own preValidation hook, which a scoped plugin can
 * only add after the root one, so the token would not be there yet. A content-type parser runs before every
 * preValidation hook: it streams the file to a temporary file (memory stays flat whatever the size) and hands the
 * text fields over as the body, so the hook checks `_csrf` exactly as for a urlencoded form. It uses busboy, the
 * parser @fastify/multipart itself is built on.
 */

export interface UploadLimit {
  /** The form field that carries the file; files in other fields are refused. */
  field: string;
  maxBytes: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route that accepts multipart/form-data with one file. */
    upload?: UploadLimit;
  }
  interface FastifyRequest {
    upload: UploadedFile | null;
  }
}

export interface UploadedFile {
  filename: string;
  /** As the browser declared it: a hint only, never trusted (posters are checked by decoding them). */
  mimetype: string;
  /** The temporary file, or null when nothing was chosen or the file was too large (and so not kept). */
  path: string | null;
  bytes: number;
  tooLarge: boolean;
  /** Set by a handler that keeps the file past the response (a background import), and then deletes it itself. */
  keep: boolean;
  dir: string;
}

/** Past this many bytes beyond the limit the request is cut off instead of read to the end to answer nicely. */
const SLACK_BYTES = 32 * 1024 * 1024;
const MAX_FIELDS = 500;
/** A synopsis is at most 20,000 characters; UTF-8 needs up to 4 bytes each. */
const MAX_FIELD_BYTES = 100_000;

type Fields = Record<string, string | string[]>;

function addField(fields: Fields, name: string, value: string) {
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
  const current = fields[name];
  if (current === undefined) fields[name] = value;
  else if (Array.isArray(current)) current.push(value);
  else fields[name] = [current, value];
}

async function parseMultipart(
  request: FastifyRequest,
  payload: Readable,
  tmpRoot: string,
  limit: UploadLimit | undefined,
): Promise<Fields> {
  const maxBytes = limit?.maxBytes ?? 0;
  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: { ...request.headers, 'content-type': request.headers['content-type'] ?? '' },
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: Math.max(maxBytes, 1) },
    });
  } catch {
    throw new AppError('bad_request', 'The form could not be read (malformed multipart/form-data).');
  }
  const fields: Fields = Object.create(null);
  const state: { failure: AppError | null; write: Promise<void> | null; file: Readable | null } = {
    failure: null,
    write: null,
    file: null,
  };

  parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated) state.failure ??= new AppError('bad_request', `The field “${name}” is too long.`, name);
    else addField(fields, name, value);
  });

  parser.on('file', (name, stream, filename, _encoding, mimetype) => {
    if (!limit || name !== limit.field || !filename || state.write) {
      // No file chosen (browsers then send an empty part), or a file where none belongs: read past it.
      stream.resume();
      return;
    }
    state.file = stream;
    const write = (async () => {
      await fs.promises.mkdir(tmpRoot, { recursive: true });
      const dir = await fs.promises.mkdtemp(path.join(tmpRoot, 'upload-'));
      const file = path.join(dir, 'file');
      const upload: UploadedFile = { filename, mimetype, path: file, bytes: 0, tooLarge: false, keep: false, dir };
      request.upload = upload;
      await pipeline(stream, fs.createWriteStream(file));
      // busboy stops at the limit and marks the stream truncated; the rest of the file is read and dropped.
      upload.tooLarge = stream.truncated;
      upload.bytes = stream.bytesRead;
      if (upload.tooLarge) {
        // Only the first maxBytes were written: a cut-off file is of no use to anyone.
        await fs.promises.rm(file, { force: true });
        upload.path = null;
      }
    })();
    write.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
    state.write = write;
  });

  const discard = async () => {
    state.file?.destroy();
    if (request.upload) await fs.promises.rm(request.upload.dir, { recursive: true, force: true });
    request.upload = null;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let received = 0;
      payload.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes + SLACK_BYTES && !state.failure) {
          state.failure = new AppError(
            'payload_too_large',
            `The upload is far over the limit of ${Math.round(maxBytes / 1048576)} MB, so it was not read to the end.`,
          );
          payload.unpipe(parser);
          reject(state.failure);
        }
      });
      parser.on('finish', resolve);
      parser.on('error', reject);
      payload.on('error', reject);
      payload.pipe(parser);
    });
    await state.write;
  } catch (error) {
    await discard();
    if (state.failure) throw state.failure;
    throw new AppError(
      'bad_request',
      `The upload could not be read: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (state.failure) {
    await discard();
    throw state.failure;
  }
  return fields;
}

/** Delete the request's temporary upload now (a handler done with it), instead of after the response. */
export async function discardUpload(request: FastifyRequest): Promise<void> {
  const upload = request.upload;
  if (!upload || upload.keep) return;
  request.upload = null;
  await fs.promises.rm(upload.dir, { recursive: true, force: true });
}

/**
 * Upload directories are named by mkdtemp; a name read back from the database is checked before it is joined to a
 * path, so a bad row can never point the deletion elsewhere.
 */
const UPLOAD_DIR_NAME = /^upload-[A-Za-z0-9_-]+$/;

/** Delete one upload directory of `tmpRoot` by its name (an import job's `upload_dir`). */
export async function removeUploadDir(tmpRoot: string, name: string): Promise<void> {
  if (!UPLOAD_DIR_NAME.test(name)) return;
  await fs.promises.rm(path.join(tmpRoot, name), { recursive: true, force: true });
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * When an entry of the upload directory was last written to, in ms: for a directory, its newest direct child too,
 * since a file still being streamed in moves its own time, not its directory's. Null when it vanished meanwhile.
 */
async function lastWritten(entry: string): Promise<number | null> {
  try {
    const stat = await fs.promises.lstat(entry);
    let newest = stat.mtimeMs;
    if (stat.isDirectory()) {
      for (const child of await fs.promises.readdir(entry)) {
        const childStat = await fs.promises.lstat(path.join(entry, child)).catch((error: unknown) => {
          if (isMissing(error)) return null;
          throw error;
        });
        if (childStat) newest = Math.max(newest, childStat.mtimeMs);
      }
    }
    return newest;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Delete what a crash left in `tmpRoot`: every entry last written before `olderThan`, except the directories named in
 * `keep` (those of running import jobs, on any instance). The age is what protects in-flight requests of every
 * instance sharing the directory, whose files are not recorded anywhere; it must exceed any upload's duration.
 * Returns the names deleted.
 */
export async function sweepStaleUploads(
  tmpRoot: string,
  options: { olderThan: number; keep: ReadonlySet<string> },
): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(tmpRoot);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    if (options.keep.has(name)) continue;
    const full = path.join(tmpRoot, name);
    const written = await lastWritten(full);
    if (written === null || written >= options.olderThan) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Let the routes of `scope` take multipart/form-data bodies (each route says which file field and how large in
 * `config.upload`); temporary files are deleted once the response is sent unless a handler keeps them.
 */
export function registerUploads(
  scope: FastifyInstance,
  tmpRoot: string,
  /** Who is uploading, checked before the body is read: null when they may. */
  refuseUpload: (request: FastifyRequest) => Promise<AppError | null>,
): void {
  scope.decorateRequest('upload', null);
  // The role check proper runs in preValidation, after the body is parsed, which for an upload means after megabytes
  // were written to disk. A stranger's upload is refused here, before a byte of it is read. (CSRF still needs the
  // parsed body, and is checked where it always is.)
  scope.addHook('preParsing', async (request) => {
    if (!request.headers['content-type']?.startsWith('multipart/form-data')) return;
    const refusal = await refuseUpload(request);
    if (refusal) throw refusal;
  });
  scope.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) =>
    parseMultipart(request, payload, tmpRoot, request.routeOptions.config?.upload),
  );
  scope.addHook('onResponse', async (request) => {
    const upload = request.upload;
    if (upload && !upload.keep) await fs.promises.rm(upload.dir, { recursive: true, force: true });
  });
}
