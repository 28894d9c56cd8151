import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../kernel/context.js';
import { type HeadMeta, Layout } from '../views/Layout.js';
import { newSpliceMarks, SpliceMarksProvider } from '../views/render-marks.js';

/** Render a full page in the site layout and send it. Output is escaped by Preact; nothing here builds HTML by hand. */
export async function sendPage(
  reply: FastifyReply,
  ctx: AppContext,
  head: HeadMeta,
  body: VNode,
  status = 200,
): Promise<FastifyReply> {
  const chrome = await ctx.chrome();
  // Fresh marks for this render only: the page cache splices the visitor's token and stamp in at them, and nowhere
  // else (see csrf-placeholder.tsx).
  const marks = newSpliceMarks();
  const html = `<!doctype html>${renderToString(
    <SpliceMarksProvider value={marks}>
      <Layout chrome={chrome} head={head}>
        {body}
      </Layout>
    </SpliceMarksProvider>,
  )}`;
  // Each personal part's variants, rendered once here (not nested in the render above) with the same marks.
  // Personal text inside a variant adds its mark while the loop runs (and has no variants of its own); another
  // choice inside a variant is refused.
  const choices = () => marks.personal.filter((entry) => entry.variants).length;
  const drawn = choices();
  for (const entry of marks.personal) {
    if (!entry.variants) continue;
    const rendered: Record<string, string> = {};
    for (const [name, node] of Object.entries(entry.variants)) {
      rendered[name] = renderToString(<SpliceMarksProvider value={marks}>{node}</SpliceMarksProvider>);
    }
    entry.rendered = rendered;
  }
  if (choices() !== drawn) throw new Error('A personal part may not hold another personal part');
  reply.spliceMarks = marks.used ? marks : null;
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
