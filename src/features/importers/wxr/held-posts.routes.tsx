import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import type { AppContext, FilmChangeListener } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { currentUser } from '../../../kernel/staff.js';
import { setFlash } from '../../../kernel/visitor.js';
import { renderMarkdown } from '../../../lib/markdown.js';
import { actorOf } from '../../audit/index.js';
import { HELD_LIST_LIMIT, listHeldPosts, publishHeldPost } from './held-posts.service.js';
import { HeldPostsPage } from './views/HeldPostsPage.js';

const PublishForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  source: Type.String({ minLength: 1, maxLength: 2000 }),
  postId: Type.String({ minLength: 1, maxLength: 40 }),
});

export interface HeldPostsDeps {
  ctx: AppContext;
  /** Told after a publish committed, as for a film the admin adds (related films, search). */
  filmChangeListeners: readonly FilmChangeListener[];
}

async function tell(listeners: readonly FilmChangeListener[], log: FastifyBaseLogger, filmId: number) {
  for (const listener of listeners) {
    try {
      await listener({ filmId, kind: 'created' });
    } catch (error) {
      // The film stands whatever a listener does; the next listener still runs.
      log.error({ err: error, filmId }, 'a film change listener failed');
    }
  }
}

/** /admin/drafts: the film posts an import held back, and publishing one. */
export const heldPostsRoutes: FastifyPluginAsyncTypebox<HeldPostsDeps> = async (app, { ctx, filmChangeListeners }) => {
  const config = { role: 'admin' as const };

  app.get('/admin/drafts', { config }, async (request, reply) => {
    const posts = (await listHeldPosts(ctx.db)).map(({ source, postId, post }) => ({
      source,
      postId,
      title: post.title,
      status: post.status,
      year: post.year,
      categories: (post.categoryTerms ?? []).filter((c) => post.categories.includes(c.slug)).map((c) => c.name),
      directors: post.directors,
      synopsis: post.synopsis,
      html: renderMarkdown(post.markdown),
    }));
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/drafts',
      title: 'Imported drafts',
      body: <HeldPostsPage posts={posts} limit={HELD_LIST_LIMIT} />,
    });
  });

  app.post('/admin/drafts/publish', { config, schema: { body: PublishForm } }, async (request, reply) => {
    const actor = actorOf(currentUser(request));
    const { source, postId } = request.body;
    const film = await ctx.writer.write(async ({ tx, touched, afterCommit }) => {
      const published = await publishHeldPost(tx, actor, source, postId, ctx.clock.now());
      if (published) {
        touched('catalog');
        afterCommit(() => tell(filmChangeListeners, request.log, published.id));
      }
      return published;
    });
    if (!film)
      throw new AppError('not_found', 'postId: there is no held post with this id (already published?).', 'postId');
    setFlash(reply, `Published “${film.title}” at /film/${film.slug}.`);
    return reply.redirect('/admin/drafts', 303);
  });
};
