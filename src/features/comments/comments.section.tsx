import type { FilmPageExtension } from '../../kernel/context.js';
import { keepPrivate } from '../../kernel/versions.js';
import { isId, parseId } from '../../lib/ids.js';
import type { CommentFormState } from './comment.js';
import type { CommentsDeps } from './comment-post.js';
import { getFilmComments, replyTarget } from './comments.service.js';
import { CommentsSection } from './views/CommentsSection.js';

const THREADS_PER_PAGE = 50;

/** The comments under a film's synopsis, and the form to add one; the catalog renders it without knowing it. */
export function commentsFilmSection({ ctx, hooks }: CommentsDeps): FilmPageExtension {
  return async (film, request, reply) => {
    const settings = await ctx.settings();
    const query = request.query as Record<string, unknown>;
    const { threads, approvedCount, page, pageCount } = await getFilmComments(ctx.db, film.id, request.visitorId, {
      // A page number past any id is past the last page: page 1 is as good an answer as any.
      page: parseId(query.cpage) ?? 1,
      threadsPerPage: THREADS_PER_PAGE,
    });
    // A refused form's parentId is whatever was posted (2^31, say): only a real id may reach a query.
    const formParent = request.commentForm?.parentId;
    const replyingTo = await replyTarget(
      ctx.db,
      film.id,
      parseId(query.replytocom) ?? (isId(formParent) ? formParent : null),
    );
    // The visitor's own comments awaiting moderation are theirs alone: such a page is not shared (decision 022).
    if (
      threads.some(function pending(node): boolean {
        return node.status === 'pending' || node.replies.some(pending);
      })
    )
      keepPrivate(reply);
    // A refused form shows what was typed; otherwise the saved details are filled in as the page goes out.
    const form: CommentFormState = request.commentForm ?? {
      values: { authorName: '', authorEmail: '', authorUrl: '', body: '', saveDetails: false },
      errors: {},
      parentId: null,
    };
    return {
      slot: 'after-synopsis',
      node: (
        <CommentsSection
          slug={film.slug}
          filmTitle={film.title}
          threads={threads}
          approvedCount={approvedCount}
          page={page}
          pageCount={pageCount}
          maxDepth={settings.commentThreadDepth}
          form={form}
          replyingTo={replyingTo}
          extras={hooks.formExtras}
          fillSaved={!request.commentForm}
        />
      ),
      movieJsonLd: { commentCount: approvedCount },
      feeds: [
        {
          title: `Comments on ${film.title} (RSS)`,
          href: `/film/${film.slug}/comments/feed.xml`,
          type: 'application/rss+xml',
        },
      ],
    };
  };
}
