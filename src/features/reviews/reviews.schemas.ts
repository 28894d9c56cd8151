import { Type } from '@sinclair/typebox';
import { Id, Slug } from '../../kernel/schemas.js';
import { MODERATION_ACTIONS } from '../comments/index.js';

export const Handle = Type.String({ minLength: 1, maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' });
export const HandleParams = Type.Object({ handle: Handle });
export const FilmHandleParams = Type.Object({ slug: Slug(), handle: Handle });
export const FilmIdParams = Type.Object({ id: Id() });

/**
 * The review form. `body` has no schema limit: the service refuses an over-long one with 413 naming the limit. Other
 * fields are the spam filter's (honeypot, form stamp), as on the comment form, each bounded.
 */
export const ReviewForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String()),
    body: Type.String(),
    spoiler: Type.Optional(Type.String({ maxLength: 4 })),
  },
  { additionalProperties: Type.String({ maxLength: 2000 }) },
);
export const LikeForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  liked: Type.Union([Type.Literal('1'), Type.Literal('0')]),
});
/** A reply to a review, as the comment form posts it: any field (the spam filter adds some), each bounded. */
export const ReplyForm = Type.Record(Type.String(), Type.String({ maxLength: 12_000 }));
export const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });
export const FilmReviewsQuery = Type.Object({
  order: Type.Optional(Type.Union([Type.Literal('liked'), Type.Literal('newest')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('spam'),
  Type.Literal('trash'),
]);
export const ReviewQueueQuery = Type.Object({
  status: Type.Optional(Status),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
export const ReviewBulkForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  action: Type.Union(MODERATION_ACTIONS.map((a) => Type.Literal(a))),
  ids: Type.Array(Id(), { minItems: 1, maxItems: 500 }),
  back: Type.Optional(Type.String({ maxLength: 300 })),
});

/** A review in the API. */
export const ReviewJson = Type.Object({
  id: Type.Integer(),
  film: Type.Object({
    id: Type.Integer(),
    slug: Type.String(),
    title: Type.String(),
    year: Type.Union([Type.Integer(), Type.Null()]),
  }),
  author: Type.Union([Type.Object({ handle: Type.String(), displayName: Type.String() }), Type.Null()]),
  body: Type.String({ description: 'Markdown as written (render it with the same subset: see the review pages)' }),
  spoiler: Type.Boolean(),
  status: Status,
  likes: Type.Integer(),
  stars: Type.Union([Type.Number(), Type.Null()], { description: "The author's rating of the film, 0.5..5" }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ReviewList = Type.Object({ reviews: Type.Array(ReviewJson), hasMore: Type.Boolean() });
export const ReviewPut = Type.Object({
  body: Type.String({ description: 'Markdown, at most 20,000 characters' }),
  spoiler: Type.Optional(Type.Boolean()),
});
export const SaveResponse = Type.Object({ review: ReviewJson, created: Type.Boolean() });
