import type { FilmPageExtension } from '../../kernel/context.js';
import { isId, parseId } from '../../lib/ids.js';
import type { CommentFormState } from './comment.js';
import type { CommentsDeps } from './comment-post.js';
import { getFilmComments, replyTarget } from './comments.service.js';
import { readSavedDetails } from './saved-details.js';
import { CommentsSection } from './views/CommentsSection.js';

const THREADS_PER_PAGE = 50;

/** The comments under a film's synopsis, and the form to add one; the catalog renders it without knowing it. */
export function commentsFilmSection({ ctx, hooks }: CommentsDeps): FilmPageExtension {
  return async (film, request) => {
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
    const saved = readSavedDetails(request);
    const form: CommentFormState = request.commentForm ?? {
      values: {
        authorName: saved?.authorName ?? '',
        authorEmail: saved?.authorEmail ?? '',
        authorUrl: saved?.authorUrl ?? '',
        body: '',
        saveDetails: saved !== null,
      },
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
        />
      ),
      movieJsonLd: { commentCount: approvedCount },
    };
  };
}
