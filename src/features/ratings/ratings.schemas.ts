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
  histogram: Type.Array(Type.Integer(), {
    minItems: 5,
    maxItems: 5,
    description: 'votes by whole stars, 1★ first; each bar counts the half star below it (4.5 is in the 5★ bar)',
  }),
  halfStars: Type.Array(Type.Integer(), {
    minItems: 10,
    maxItems: 10,
    description:
      'votes by half stars, 0.5★ first. Ratings imported from a previous site as a bare total are in `count`, in no bucket',
  }),
  yours: Type.Union([Type.Number(), Type.Null()], { description: 'your vote in stars, or null' }),
  held: Type.Boolean({
    description:
      'true when your vote is saved but held back (too many votes on this film from one network): it counts in the average after review',
  }),
});
