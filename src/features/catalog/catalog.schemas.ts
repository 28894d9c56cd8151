import { type Static, Type } from '@sinclair/typebox';
import { Slug } from '../../kernel/schemas.js';
import { FILM_SORTS } from './film.js';

const Sort = Type.Union(FILM_SORTS.map((s) => Type.Literal(s)));

export const ArchiveQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    sort: Type.Optional(Sort),
    /** Keyset positions (archive.ts): the page after, or before, the film with this sort key. */
    after: Type.Optional(Type.String({ maxLength: 2000 })),
    before: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
);
export type ArchiveQuery = Static<typeof ArchiveQuery>;

// The JSON API (/api/v1): what the routes take and, for the OpenAPI document, every answer they give.

const Mean = Type.Union([Type.Number(), Type.Null()], {
  description: 'mean in stars, one decimal; null with no votes',
});
const Rating = Type.Object({
  average: Mean,
  count: Type.Integer({ description: 'counted votes of members and guests together (what Top rated ranks by)' }),
  members: Type.Object({ average: Mean, count: Type.Integer() }, { description: 'votes of signed-in members' }),
  guests: Type.Object(
    { average: Mean, count: Type.Integer() },
    { description: 'votes of visitors without an account, and votes imported from a previous site' },
  ),
});

const OriginalTitle = Type.Union([Type.String(), Type.Null()], {
  description: "the title in the film's own language; null when none is known or it is the same as the title",
});

const ExternalIdFields = {
  imdbId: Type.Union([Type.String({ pattern: '^tt[0-9]{7,8}$' }), Type.Null()], {
    description: 'the IMDb title id, e.g. tt0133093; null when not known',
  }),
  tmdbId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'the TMDB movie id, e.g. 603; null when not known',
  }),
  wikidataId: Type.Union([Type.String({ pattern: '^Q[0-9]+$' }), Type.Null()], {
    description: 'the Wikidata item, e.g. Q83495; null when not known',
  }),
};

export const FilmListItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  ...ExternalIdFields,
  categories: Type.Array(Type.String(), { description: 'category slugs, breadcrumb category first' }),
  genres: Type.Array(Type.String(), { description: 'genre slugs' }),
  rating: Rating,
  likes: Type.Integer(),
});

export const FilmList = Type.Object({
  items: Type.Array(FilmListItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type FilmList = Static<typeof FilmList>;

export const FilmListQuery = Type.Object({
  category: Type.Optional(Slug()),
  genre: Type.Optional(Slug()),
  year: Type.Optional(Type.Integer({ minimum: 1800, maximum: 3000 })),
  sort: Type.Optional(Sort),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 24 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor from the previous page' })),
});
export type FilmListQuery = Static<typeof FilmListQuery>;

const Term = Type.Object({ slug: Type.String(), name: Type.String() });
const TermWithCount = Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() });
export const TermList = Type.Object({ items: Type.Array(TermWithCount) });

export const FilmDetail = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  originalTitle: OriginalTitle,
  year: Type.Union([Type.Integer(), Type.Null()]),
  synopsis: Type.String(),
  ...ExternalIdFields,
  url: Type.String(),
  sourceUrl: Type.Union([Type.String(), Type.Null()]),
  origin: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  directors: Type.Array(Term),
  cast: Type.Array(Term),
  categories: Type.Array(Term),
  genres: Type.Array(Term),
  rating: Rating,
  likes: Type.Integer(),
  commentCount: Type.Integer({ description: 'approved comments, as shown on the film page' }),
});
export type FilmDetail = Static<typeof FilmDetail>;

/** A film's old address: the answer is empty and Location holds the current one. */
export const Moved = Type.Null({ description: 'moved for good: Location holds the current address' });
