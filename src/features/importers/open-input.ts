import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A byte stream of the file, un-gzipped when it starts with gzip's magic bytes (whatever its name says). */
export async function openInput(file: string): Promise<Readable> {
  const handle = await fs.promises.open(file, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  if (magic[0] === 0x1f && magic[1] === 0x8b) return raw.pipe(createGunzip());
  return Readable.from(raw);
}
