import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { IdParams, IdText, SlugParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { createTag, deleteTag, getTagArchive, listTags, mergeTag, renameTag, TagEditError } from './tags.service.js';
import { TagArchivePage, type TagProblem, TagsAdminPage, tagHref } from './views/TagPages.js';

const csrf = { _csrf: Type.Optional(Type.String()) };
const NameForm = Type.Object({ ...csrf, name: Type.String({ maxLength: 1000 }) });
const MergeForm = Type.Object({ ...csrf, targetId: IdText });
const CsrfForm = Type.Object(csrf);
const TagQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })) },
  { additionalProperties: true },
);

/** /tag/<slug> for visitors, /admin/tags for admins. */
export const tagsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/tag/:slug',
    { config: { pageCache: true }, schema: { params: SlugParams, querystring: TagQuery } },
    async (request, reply) => {
      const requested = request.query.page ?? 1;
      const site = await ctx.settings();
      const result = await getTagArchive(ctx.db, request.params.slug, requested, site.filmsPerPage);
      if (!result) throw new AppError('tag_not_found', 'There is no tag at this address.');
      if ('redirectTo' in result) return reply.redirect(tagHref(result.redirectTo, requested), 301);
      const { archive } = result;
      if (archive.page.number !== requested)
        throw new AppError(
          'not_found',
          `Page ${requested} does not exist; “${archive.tag.name}” has ${archive.page.pageCount} page(s).`,
        );
      const n = archive.page.number;
      return sendPage(
        reply,
        ctx,
        {
          title: n > 1 ? `${archive.tag.name} – page ${n}` : archive.tag.name,
          description: `${archive.page.total} films tagged ${archive.tag.name}.`,
          canonicalPath: tagHref(archive.tag.slug, n),
          prevPath: n > 1 ? tagHref(archive.tag.slug, n - 1) : undefined,
          nextPath: n < archive.page.pageCount ? tagHref(archive.tag.slug, n + 1) : undefined,
        },
        <TagArchivePage archive={archive} />,
      );
    },
  );

  const config = { role: 'admin' as const };
  const sendList = async (request: FastifyRequest, reply: FastifyReply, problem?: TagProblem) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/tags',
      title: 'Tags',
      status: problem ? 400 : 200,
      body: <TagsAdminPage tags={await listTags(ctx.db)} problem={problem} />,
    });
  /** One write through the writer; a TagEditError comes back as the list with the message next to the field. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    at: number | 'new',
    run: (tx: Parameters<typeof createTag>[0]) => Promise<string | null>,
  ) => {
    try {
      const flash = await ctx.writer.write(async ({ tx, touched }) => {
        touched('catalog');
        return run(tx);
      });
      if (flash === null) throw new AppError('tag_not_found', 'There is no tag with this id.');
      setFlash(reply, flash);
      return reply.redirect('/admin/tags', 303);
    } catch (error) {
      if (error instanceof TagEditError)
        return sendList(request, reply, { id: at, field: error.field, message: error.message });
      throw error;
    }
  };
  const actor = (request: FastifyRequest) => actorOf(currentUser(request));

  app.get('/admin/tags', { config }, async (request, reply) => sendList(request, reply));

  app.post('/admin/tags', { config, schema: { body: NameForm } }, async (request, reply) =>
    act(request, reply, 'new', async (tx) => {
      const slug = await createTag(tx, actor(request), request.body.name, ctx.clock.now());
      return `Created the tag at /tag/${slug}.`;
    }),
  );

  app.post('/admin/tags/:id/rename', { config, schema: { params: IdParams, body: NameForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async (tx) => {
      const renamed = await renameTag(tx, actor(request), request.params.id, request.body.name, ctx.clock.now());
      if (!renamed) return null;
      return renamed.slug === renamed.previousSlug
        ? 'Renamed.'
        : `Renamed. /tag/${renamed.previousSlug} now redirects to /tag/${renamed.slug}.`;
    }),
  );

  app.post('/admin/tags/:id/merge', { config, schema: { params: IdParams, body: MergeForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async (tx) => {
      const merged = await mergeTag(
        tx,
        actor(request),
        request.params.id,
        Number(request.body.targetId),
        ctx.clock.now(),
      );
      return merged ? `Merged into “${merged.target}” (${merged.films} films).` : null;
    }),
  );

  app.post('/admin/tags/:id/delete', { config, schema: { params: IdParams, body: CsrfForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async (tx) => {
      const deleted = await deleteTag(tx, actor(request), request.params.id, ctx.clock.now());
      return deleted ? `Deleted the tag “${deleted.name}”.` : null;
    }),
  );
};
