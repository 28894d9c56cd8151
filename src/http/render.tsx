import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type HeadMeta, Layout } from '../views/Layout.js';
import type { AppContext } from './context.js';

/** Render a full page in the site layout and send it. Output is escaped by Preact; nothing here builds HTML by hand. */
export async function sendPage(
  reply: FastifyReply,
  ctx: AppContext,
  head: HeadMeta,
  body: VNode,
  status = 200,
): Promise<FastifyReply> {
  const chrome = await ctx.chrome();
  const html = `<!doctype html>${renderToString(
    <Layout chrome={chrome} head={head}>
      {body}
    </Layout>,
  )}`;
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
