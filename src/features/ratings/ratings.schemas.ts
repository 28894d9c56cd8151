import { type Static, Type } from '@sinclair/typebox';
import { Slug } from '../../kernel/schemas.js';

export const FilmSlugParams = Type.Object({
  slug: Slug(),
});
export type FilmSlugParams = Static<typeof FilmSlugParams>;

export const RatingBody = Type.Object({
  stars: Type.Number({ description: '0.5 to 5 in steps of 0.5' }),
});
export type RatingBody = Static<typeof RatingBody>;

/** The HTML form: either a star value or remove=1. Values arrive as strings. */
export const RatingForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  stars: Type.Optional(Type.String({ maxLength: 10 })),
  remove: Type.Optional(Type.String({ maxLength: 10 })),
});
export type RatingForm = Static<typeof RatingForm>;

export const RatingResponse = Type.Object({
  average: Type.Union([Type.Number(), Type.Null()]),
  count: Type.Integer(),
  histogram: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
  yours: Type.Union([Type.Number(), Type.Null()]),
});
