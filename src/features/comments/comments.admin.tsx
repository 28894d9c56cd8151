import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { bumpVersion } from '../../db/site-state.js';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { Id, IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { CsrfField } from '../../views/render-marks.js';
import { actorOf, recordAudit } from '../audit/index.js';
import { bodyHash, validateComment } from './comment.js';
import { registerCommentPrivacy } from './comments.privacy.js';
import { countByStatus, findComment, insertComment, listForModeration, updateBody } from './comments.repository.js';
import {
  COMMENTS_VERSION,
  type CommentHooks,
  MODERATION_ACTIONS,
  type ModerationAction,
  moderate,
} from './comments.service.js';
import type { CommentStatus } from './comments.table.js';

const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
const STATUS_LABEL: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
};
const ACTIONS_FOR: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['not-spam', 'trash', 'delete'],
  trash: ['restore', 'delete'],
};
const ACTION_LABEL: Record<ModerationAction, string> = {
  approve: 'Approve',
  unapprove: 'Unapprove',
  spam: 'Mark as spam',
  'not-spam': 'Not spam',
  trash: 'Move to trash',
  restore: 'Restore',
  delete: 'Delete permanently',
};
const PAGE_SIZE = 50;

const ListQuery = Type.Object({
  status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const BulkForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  action: Type.Union(MODERATION_ACTIONS.map((a) => Type.Literal(a))),
  // One checkbox sends a string, several an array: the array schema takes both (Fastify coerces a scalar into one).
  ids: Type.Array(Id(), { minItems: 1, maxItems: 500 }),
  back: Type.Optional(Type.String({ maxLength: 300 })),
});
const ReplyForm = Type.Object({ _csrf: Type.Optional(Type.String()), body: Type.String({ maxLength: 12_000 }) });

type ListRow = Awaited<ReturnType<typeof listForModeration>>[number];

function ModerationPage(props: {
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  rows: ListRow[];
  q: string;
  page: number;
  hasMore: boolean;
}) {
  const back = `/admin/comments?status=${props.status}${props.q ? `&q=${encodeURIComponent(props.q)}` : ''}`;
  return (
    <>
      <nav aria-label="Comment status" class="tabs">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={`/admin/comments?status=${s}`} aria-current={s === props.status ? 'page' : undefined}>
                {STATUS_LABEL[s]} <span class="tabs__count">{props.counts[s]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search>
        <form method="get" action="/admin/comments" class="form form--inline">
          <input type="hidden" name="status" value={props.status} />
          <div class="field">
            <label for="comment-search">Search comments</label>
            <input id="comment-search" type="search" name="q" value={props.q} />
          </div>
          <button type="submit" class="button button--small">
            Search
          </button>
        </form>
      </search>
      {props.rows.length === 0 ? (
        <p>
          No {STATUS_LABEL[props.status].toLowerCase()} comments{props.q ? ' match' : ''}.
        </p>
      ) : (
        <form method="post" action="/admin/comments/bulk" id="bulk">
          <CsrfField />
          <input type="hidden" name="back" value={back} />
          <div class="form--inline">
            <div class="field">
              <label for="bulk-action">With the selected comments</label>
              <select id="bulk-action" name="action">
                {ACTIONS_FOR[props.status].map((a) => (
                  <option key={a} value={a}>
                    {ACTION_LABEL[a]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button--small">
              Apply
            </button>
          </div>
          <ul class="moderation-list">
            {props.rows.map((c) => {
              const reasons = JSON.parse(c.reasons) as string[];
              return (
                <li key={c.id} class="moderation-item">
                  <div class="moderation-item__select">
                    <input type="checkbox" name="ids" value={String(c.id)} id={`select-${c.id}`} />
                    <label for={`select-${c.id}`} class="visually-hidden">
                      Select comment {c.id} by {c.author_name}
                    </label>
                  </div>
                  <div>
                    <p class="moderation-item__meta">
                      <strong>{c.author_name}</strong> &lt;{c.author_email || 'erased'}&gt;
                      {c.author_url && <> · {c.author_url}</>} · on{' '}
                      <a href={`/film/${c.film_slug}#comment-${c.id}`}>{c.film_title}</a> ·{' '}
                      <time datetime={c.created_at}>{c.created_at.slice(0, 16).replace('T', ' ')}</time>
                      {c.spam_score !== null && <> · spam score {Number(c.spam_score).toFixed(2)}</>}
                    </p>
                    <p class="moderation-item__body">{c.body}</p>
                    {reasons.length > 0 && (
                      <ul class="moderation-item__reasons" aria-label="Why it was held">
                        {reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                    <p class="moderation-item__actions">
                      {ACTIONS_FOR[props.status].map((a) => (
                        <button
                          key={a}
                          type="submit"
                          class="link-button"
                          formaction={`/admin/comments/${c.id}/${a}`}
                          aria-label={`${ACTION_LABEL[a]}: comment ${c.id} by ${c.author_name}`}
                        >
                          {ACTION_LABEL[a]}
                        </button>
                      ))}{' '}
                      · <a href={`/admin/comments/${c.id}`}>Edit or reply</a>
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </form>
      )}
      <nav class="pager" aria-label="Pages">
        <ul>
          {props.page > 1 && (
            <li>
              <a href={`${back}&page=${props.page - 1}`}>← Newer</a>
            </li>
          )}
          {props.hasMore && (
            <li>
              <a href={`${back}&page=${props.page + 1}`}>Older →</a>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}

function EditPage(props: { comment: NonNullable<Awaited<ReturnType<typeof findComment>>>; filmTitle: string }) {
  const c = props.comment;
  return (
    <>
      <p>
        By <strong>{c.author_name}</strong> on “{props.filmTitle}”, status <strong>{c.status}</strong>.
      </p>
      <form method="post" action={`/admin/comments/${c.id}/edit`} class="form">
        <CsrfField />
        <div class="field">
          <label for="edit-body">Comment text</label>
          <textarea id="edit-body" name="body" rows={8}>
            {c.body}
          </textarea>
        </div>
        <button type="submit" class="button">
          Save changes
        </button>
      </form>
      <h2>Reply as the site</h2>
      <form method="post" action={`/admin/comments/${c.id}/reply`} class="form">
        <CsrfField />
        <div class="field">
          <label for="reply-body">Your reply (published at once)</label>
          <textarea id="reply-body" name="body" rows={5} />
        </div>
        <button type="submit" class="button">
          Publish reply
        </button>
      </form>
    </>
  );
}

export function registerCommentAdmin(app: FastifyInstance, ctx: AppContext, hooks: CommentHooks): void {
  const moderator = { config: { role: 'moderator' as const } };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/admin/comments',
    { ...moderator, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const status = request.query.status ?? 'pending';
      const page = request.query.page ?? 1;
      const q = request.query.q?.trim() ?? '';
      const [counts, rows] = await Promise.all([
        countByStatus(ctx.db),
        listForModeration(ctx.db, {
          status,
          search: q || undefined,
          limit: PAGE_SIZE + 1,
          offset: (page - 1) * PAGE_SIZE,
        }),
      ]);
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/comments',
        title: 'Comments',
        body: (
          <ModerationPage
            status={status}
            counts={counts}
            rows={rows.slice(0, PAGE_SIZE)}
            q={q}
            page={page}
            hasMore={rows.length > PAGE_SIZE}
          />
        ),
      });
    },
  );

  const act = async (ids: number[], action: ModerationAction, request: Parameters<typeof currentUser>[0]) => {
    const changed = await moderate(ctx.db, hooks, ids, action, actorOf(currentUser(request)), ctx.clock.now());
    ctx.versions.invalidate();
    return changed;
  };

  app.post<{ Body: Static<typeof BulkForm> }>(
    '/admin/comments/bulk',
    { ...moderator, schema: { body: BulkForm } },
    async (request, reply) => {
      const changed = await act(request.body.ids, request.body.action, request);
      setFlash(reply, `${ACTION_LABEL[request.body.action]}: ${changed} comment(s).`);
      return reply.redirect(
        safeRedirectPath(request.body.back, { within: '/admin/comments', fallback: '/admin/comments' }),
        303,
      );
    },
  );

  for (const action of MODERATION_ACTIONS) {
    app.post<{ Params: Static<typeof IdParams>; Body: { back?: string } }>(
      `/admin/comments/:id/${action}`,
      { ...moderator, schema: { params: IdParams } },
      async (request, reply) => {
        const comment = await findComment(ctx.db, request.params.id);
        if (!comment) throw new AppError('not_found', 'That comment does not exist.');
        await act([request.params.id], action, request);
        setFlash(reply, `${ACTION_LABEL[action]}: comment #${request.params.id}.`);
        const back = safeRedirectPath(request.body?.back, {
          within: '/admin/comments',
          fallback: `/admin/comments?status=${comment.status}`,
        });
        return reply.redirect(back, 303);
      },
    );
  }

  app.get<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id',
    { ...moderator, schema: { params: IdParams } },
    async (request, reply) => {
      const comment = await findComment(ctx.db, request.params.id);
      if (!comment) throw new AppError('not_found', 'That comment does not exist.');
      const film = await ctx.db
        .selectFrom('films')
        .select('title')
        .where('id', '=', comment.film_id)
        .executeTakeFirstOrThrow();
      return sendAdminPage(app, ctx, request, reply, {
        current: '/admin/comments',
        title: `Comment #${comment.id}`,
        body: <EditPage comment={comment} filmTitle={film.title} />,
      });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReplyForm> }>(
    '/admin/comments/:id/edit',
    { ...moderator, schema: { params: IdParams, body: ReplyForm } },
    async (request, reply) => {
      const comment = await findComment(ctx.db, request.params.id);
      if (!comment) throw new AppError('not_found', 'That comment does not exist.');
      const body = request.body.body.replace(/\r\n?/g, '\n').trim();
      if (body.length < 2) throw new AppError('invalid_field', 'body: write at least 2 characters', 'body');
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        await updateBody(trx, comment.id, body, bodyHash(body), now.toISOString());
        await recordAudit(
          trx,
          actorOf(currentUser(request)),
          {
            action: 'comment.edit',
            targetType: 'comment',
            targetId: comment.id,
            summary: `Edited comment by ${comment.author_name}`,
          },
          now,
        );
        await bumpVersion(trx, COMMENTS_VERSION);
      });
      ctx.versions.invalidate();
      setFlash(reply, 'Comment saved.');
      return reply.redirect(`/admin/comments/${comment.id}`, 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReplyForm> }>(
    '/admin/comments/:id/reply',
    { ...moderator, schema: { params: IdParams, body: ReplyForm } },
    async (request, reply) => {
      const parent = await findComment(ctx.db, request.params.id);
      if (!parent) throw new AppError('not_found', 'That comment does not exist.');
      const user = currentUser(request);
      const site = await ctx.settings();
      const { input, errors } = validateComment({
        authorName: site.siteTitle,
        authorEmail: user.email,
        body: request.body.body,
      });
      if (errors.body) throw new AppError('invalid_field', `body: ${errors.body}`, 'body');
      const now = ctx.clock.now();
      const iso = now.toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        // A reply from the site is approved as written, and approving it approves the comment it answers.
        if (parent.status !== 'approved') {
          await trx
            .updateTable('comments')
            .set({ status: 'approved', status_changed_at: iso })
            .where('id', '=', parent.id)
            .execute();
        }
        const id = await insertComment(trx, {
          film_id: parent.film_id,
          parent_id: parent.id,
          author_name: site.siteTitle,
          author_email: user.email,
          author_url: null,
          body: input.body,
          status: 'approved',
          reasons: '[]',
          spam_score: null,
          body_hash: bodyHash(input.body),
          visitor_id: null,
          ip_hash: null,
          user_agent: null,
          created_at: iso,
          updated_at: iso,
          status_changed_at: iso,
        });
        await recordAudit(
          trx,
          actorOf(user),
          { action: 'comment.reply', targetType: 'comment', targetId: id, summary: `Replied to comment #${parent.id}` },
          now,
        );
        await bumpVersion(trx, COMMENTS_VERSION);
      });
      ctx.versions.invalidate();
      setFlash(reply, 'Reply published.');
      return reply.redirect(`/admin/comments?status=approved`, 303);
    },
  );

  // Moderation for automation, with an API token.
  const ApiListQuery = Type.Object({ status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))) });
  app.get<{ Querystring: Static<typeof ApiListQuery> }>(
    '/api/v1/admin/comments',
    {
      ...moderator,
      schema: {
        summary: 'Comments by status, newest first (100 at most)',
        tags: ['admin'],
        security: [{ bearer: [] }],
        querystring: ApiListQuery,
      },
    },
    async (request) => {
      const rows = await listForModeration(ctx.db, {
        status: request.query.status ?? 'pending',
        limit: 100,
        offset: 0,
      });
      return {
        items: rows.map((c) => ({
          id: c.id,
          film: c.film_slug,
          parentId: c.parent_id,
          authorName: c.author_name,
          authorEmail: c.author_email,
          authorUrl: c.author_url,
          body: c.body,
          status: c.status,
          reasons: JSON.parse(c.reasons) as string[],
          spamScore: c.spam_score,
          createdAt: c.created_at,
        })),
      };
    },
  );
  for (const action of MODERATION_ACTIONS.filter((a) => a !== 'delete')) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/api/v1/admin/comments/:id/${action}`,
      {
        ...moderator,
        schema: {
          summary: `${ACTION_LABEL[action]} a comment`,
          tags: ['admin'],
          security: [{ bearer: [] }],
          params: IdParams,
        },
      },
      async (request) => {
        if (!(await findComment(ctx.db, request.params.id)))
          throw new AppError('not_found', 'That comment does not exist.');
        await act([request.params.id], action, request);
        const after = await findComment(ctx.db, request.params.id);
        return { id: request.params.id, status: after?.status ?? null };
      },
    );
  }
  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/admin/comments/:id',
    {
      ...moderator,
      schema: {
        summary: 'Delete a comment permanently',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: IdParams,
      },
    },
    async (request, reply) => {
      if (!(await findComment(ctx.db, request.params.id)))
        throw new AppError('not_found', 'That comment does not exist.');
      await act([request.params.id], 'delete', request);
      return reply.status(204).send();
    },
  );

  registerCommentPrivacy(app, ctx, hooks);
}
