import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiate } from './compression.js';

/**
 * A streamed answer (the sitemaps: decision 047) gzipped as it is written when the client accepts gzip. Brotli is left
 * to the page cache's whole bodies: at the qualities that beat gzip it costs several times the CPU per byte, and a
 * stream is compressed on every request. A failure of the source ends the answer early (its headers are sent).
 */
export function encodeStream(request: FastifyRequest, reply: FastifyReply, body: Readable): Readable {
  reply.header('vary', 'accept-encoding');
  if (negotiate(request.headers['accept-encoding'], ['gzip']) !== 'gzip') return body;
  reply.header('content-encoding', 'gzip');
  const gzip = zlib.createGzip();
  pipeline(body, gzip, (error) => {
    if (error) request.log.warn({ err: error }, 'streamed answer ended early');
  });
  return gzip;
}
