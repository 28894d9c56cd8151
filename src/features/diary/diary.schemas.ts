import { Type } from '@sinclair/typebox';
import { Id, Slug } from '../../kernel/schemas.js';
import { MAX_NOTE } from './diary.js';

export const HandleParams = Type.Object({ handle: Type.String({ pattern: '^[A-Za-z0-9_-]{1,30}$' }) });
export const EntryParams = Type.Object({ id: Id() });
export const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });

export const WatchlistForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  listed: Type.Union([Type.Literal('1'), Type.Literal('0')]),
  back: Type.Optional(Type.String({ maxLength: 500 })),
});

/** As a browser sends it (all text); the service checks the content and names the field that is wrong. */
export const ViewingFormBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  date: Type.Optional(Type.String({ maxLength: 40 })),
  stars: Type.Optional(Type.String({ maxLength: 10 })),
  rewatch: Type.Optional(Type.String({ maxLength: 10 })),
  // Well past the limit, so that a note a little too long gets the message naming the limit, not a schema error.
  note: Type.Optional(Type.String({ maxLength: MAX_NOTE * 8 })),
  visibility: Type.Optional(Type.String({ maxLength: 20 })),
});

export const ViewingBody = Type.Object(
  {
    film: Type.Optional(Slug({ minLength: 1 })),
    date: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (UTC); default today' })),
    stars: Type.Optional(
      Type.Union([Type.Number({ description: '0.5 to 5 in steps of 0.5; casts your vote' }), Type.Null()]),
    ),
    rewatch: Type.Optional(Type.Boolean()),
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE * 8, description: `At most ${MAX_NOTE} characters` })),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
  },
  { additionalProperties: false },
);

const FilmSummary = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
});

export const DiaryEntryJson = Type.Object({
  id: Type.Integer(),
  film: FilmSummary,
  date: Type.String(),
  stars: Type.Union([Type.Number(), Type.Null()]),
  rewatch: Type.Boolean(),
  note: Type.String(),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
});

export const DiaryPageJson = Type.Object({
  entries: Type.Array(DiaryEntryJson),
  page: Type.Integer(),
  pageCount: Type.Integer(),
  total: Type.Integer(),
});

export const WatchlistJson = Type.Object({
  films: Type.Array(
    Type.Object({
      slug: Type.String(),
      title: Type.String(),
      year: Type.Union([Type.Integer(), Type.Null()]),
      addedAt: Type.String(),
    }),
  ),
  total: Type.Integer(),
});

export const WatchlistItemJson = Type.Object({ film: Type.String(), listed: Type.Boolean() });

const TermCountJson = Type.Object({ slug: Type.String(), name: Type.String(), films: Type.Integer() });

export const PublicProfileJson = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  url: Type.String(),
  stats: Type.Object({
    filmsWatched: Type.Integer(),
    thisYear: Type.Integer(),
    ratings: Type.Integer(),
    averageStars: Type.Union([Type.Number(), Type.Null()]),
    histogram: Type.Array(Type.Integer(), { description: 'Ratings by half-star, ½ star first' }),
    topGenres: Type.Array(TermCountJson),
    topDirectors: Type.Array(TermCountJson),
  }),
  watchlistPublic: Type.Boolean(),
});
