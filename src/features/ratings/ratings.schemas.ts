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

const Mean = Type.Union([Type.Number(), Type.Null()], {
  description: 'mean in stars, one decimal; null with no votes',
});
export const KindRating = Type.Object({ average: Mean, count: Type.Integer() });

export const RatingResponse = Type.Object({
  average: Mean,
  count: Type.Integer({ description: 'counted votes of members and guests together (what Top rated ranks by)' }),
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
  members: Type.Object(KindRating.properties, { description: 'votes of signed-in members' }),
  guests: Type.Object(KindRating.properties, {
    description: 'votes of visitors without an account, and votes imported from a previous site',
  }),
  yours: Type.Union([Type.Number(), Type.Null()], { description: 'your vote in stars, or null' }),
  held: Type.Boolean({
    description:
      'true when your vote is saved but held back (too many votes on this film from one network): it counts in the average after review',
  }),
});

export const RatingsPageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: '1 for the first page' })),
});

/** One rated film in a member's list of ratings. */
export const RatedFilm = Type.Object({
  film: Type.String({ description: "the film's slug" }),
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  stars: Type.Number({ description: '0.5 to 5' }),
  ratedAt: Type.String({ description: 'when the rating was last set (ISO 8601)' }),
});

export const RatingsPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(RatedFilm),
});
