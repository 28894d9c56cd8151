import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../kernel/context.js';
import { type HeadMeta, Layout } from '../views/Layout.js';
import { newSpliceMarks, type PersonalMark, type SpliceMarks, SpliceMarksProvider } from '../views/render-marks.js';

/**
 * One variant of a personal part, rendered once (a VNode is not rendered twice) and kept in `entry.rendered`;
 * undefined for a name the part does not have.
 */
function renderVariant(marks: SpliceMarks, entry: PersonalMark, name: string): string | undefined {
  const known = entry.rendered?.[name];
  if (known !== undefined) return known;
  const node = entry.variants?.[name];
  if (!node) return undefined;
  const choices = marks.personal.filter((other) => other.variants).length;
  const html = renderToString(<SpliceMarksProvider value={marks}>{node}</SpliceMarksProvider>);
  if (marks.personal.filter((other) => other.variants).length !== choices)
    throw new Error('A personal part may not hold another personal part');
  entry.rendered ??= {};
  entry.rendered[name] = html;
  // Rendered: the tree is not needed again.
  delete entry.variants![name];
  return html;
}

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
  // Each personal part's anonymous variant rendered here (not nested in the render above) with the same marks; the
  // others only when a visitor who sees one first asks for the page (decision 046): a film page's rating widget has
  // 11, and most cached pages are seen with one or two of them. Personal text inside a variant adds its mark while it
  // renders (and has no variants of its own); another choice inside a variant is refused.
  for (const entry of marks.personal) {
    if (!entry.variants) continue;
    entry.rendered = {};
    entry.render = (name) => renderVariant(marks, entry, name);
    entry.render('');
  }
  reply.spliceMarks = marks.used ? marks : null;
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
