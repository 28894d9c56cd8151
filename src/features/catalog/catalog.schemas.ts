import { type Static, Type } from '@sinclair/typebox';
import { Slug } from '../../kernel/schemas.js';
import { FILM_SORTS } from './film.js';

export const SlugParams = Type.Object({
  slug: Slug(),
});
export type SlugParams = Static<typeof SlugParams>;

export const ArchiveQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    sort: Type.Optional(Type.Union(FILM_SORTS.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: true },
);
export type ArchiveQuery = Static<typeof ArchiveQuery>;
