import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';

/** What the SEO routes are given. */
export interface SeoDeps {
  ctx: AppContext;
  /** URLs per film sitemap file; below the protocol's limit unless a test wants several files. */
  urlsPerSitemap: number;
  /**
   * The streamed answer as the client accepts it (compressed, with its headers set) or as it is: the site's
   * encodings are negotiated by the composition root (server/compression.ts), not by a feature.
   */
  encodeStream?: (request: FastifyRequest, reply: FastifyReply, body: Readable) => Readable;
}
