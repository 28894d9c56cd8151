import { type Static, Type } from '@sinclair/typebox';
import { ApiErrorBody, Id } from '../../kernel/schemas.js';
import { MODERATION_ACTIONS } from './moderation.js';

const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('spam'),
  Type.Literal('trash'),
]);

/** The error answers a route documents, by status: the same body for each. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, ApiErrorBody])) as Record<S, typeof ApiErrorBody>;

// The film page's comment form, posted with JavaScript off: any field the form carries (the spam filter adds some).
export const CommentForm = Type.Record(Type.String(), Type.String({ maxLength: 12_000 }));

export const CommentBody = Type.Object({
  authorName: Type.String({ maxLength: 200 }),
  authorEmail: Type.String({ maxLength: 300 }),
  authorUrl: Type.Optional(Type.String({ maxLength: 400 })),
  body: Type.String({ maxLength: 12_000 }),
  parentId: Type.Optional(Type.Union([Id(), Type.Null()])),
  saveDetails: Type.Optional(
    Type.Boolean({ description: 'remember name, email and website in a cookie for next time' }),
  ),
  notifyReplies: Type.Optional(
    Type.Boolean({ description: 'mail the author when a reply is approved (the address confirms first)' }),
  ),
  formExtras: Type.Optional(
    Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 500 }), {
      description: 'the extra hidden fields of the comment form (spam-filter tokens), as rendered',
    }),
  ),
});
export type CommentBody = Static<typeof CommentBody>;

export const CommentJson: ReturnType<typeof Type.Recursive> = Type.Recursive((This) =>
  Type.Object({
    id: Type.Integer(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    authorName: Type.String(),
    authorUrl: Type.Union([Type.String(), Type.Null()]),
    body: Type.String(),
    createdAt: Type.String(),
    status: Type.Optional(Type.Literal('pending')),
    replies: Type.Array(This),
  }),
);

export const CommentList = Type.Object({ items: Type.Array(CommentJson), count: Type.Integer() });
export const PostedComment = Type.Object({ id: Type.Integer(), status: Type.String() });

export const ModerationQuery = Type.Object({
  status: Type.Optional(Status),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

export const ModerationAction = Type.Union(MODERATION_ACTIONS.map((a) => Type.Literal(a)));

export const BulkForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  action: ModerationAction,
  // One checkbox sends a string, several an array: the array schema takes both (Fastify coerces a scalar into one).
  ids: Type.Array(Id(), { minItems: 1, maxItems: 500 }),
  back: Type.Optional(Type.String({ maxLength: 300 })),
});

export const ReplyForm = Type.Object({ _csrf: Type.Optional(Type.String()), body: Type.String({ maxLength: 12_000 }) });

export const ApiModerationQuery = Type.Object({ status: Type.Optional(Status) });

export const ModeratedComment = Type.Object({
  id: Type.Integer(),
  film: Type.Union([Type.String(), Type.Null()], { description: 'the film’s slug; null for a comment on a list' }),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  authorName: Type.String(),
  authorEmail: Type.String(),
  authorUrl: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  status: Status,
  reasons: Type.Array(Type.String()),
  spamScore: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.String(),
});

export const ModerationResult = Type.Object({ id: Type.Integer(), status: Type.Union([Status, Type.Null()]) });

export const EmailForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  mode: Type.Optional(Type.Union([Type.Literal('anonymise'), Type.Literal('delete')])),
});
