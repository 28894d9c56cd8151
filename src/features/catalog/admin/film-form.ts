import { parseExternalIds } from '../external-ids.js';
import { distinctOriginalTitle } from '../film.js';
import type { FilmEdit } from './films.service.js';

/**
 * The film form as posted (urlencoded or multipart: a field sent twice arrives as an array) and its validation. Pure,
 * so the rules are tested without HTTP. Limits match the importer's (importers/import.service.ts validateRow).
 */

export type FormBody = Record<string, string | string[] | undefined>;

/** What the editor typed, kept as text so a form with a mistake comes back exactly as it was sent. */
export interface FilmFormValues {
  title: string;
  originalTitle: string;
  year: string;
  synopsis: string;
  origin: string;
  language: string;
  categoryIds: number[];
  primaryCategoryId: string;
  genreIds: number[];
  directors: string;
  cast: string;
  imdbId: string;
  tmdbId: string;
  wikidataId: string;
}

export type FilmFormProblems = Partial<Record<keyof FilmFormValues | 'poster', string>>;

const MAX_TITLE = 300;
const MAX_SYNOPSIS = 20_000;
const MAX_SHORT = 100;
const MAX_PEOPLE = 50;
const MAX_PERSON_NAME = 200;
const FIRST_FILM_YEAR = 1870;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const many = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const ids = (value: string | string[] | undefined): number[] =>
  many(value)
    .filter((v) => /^\d{1,9}$/.test(v))
    .map(Number);
const clean = (text: string) => text.trim().replace(/\s+/g, ' ');
const lines = (text: string) => [...new Set(text.split(/\r?\n/).map(clean).filter(Boolean))];

export function readFilmForm(body: FormBody): FilmFormValues {
  return {
    title: one(body.title),
    originalTitle: one(body.originalTitle),
    year: one(body.year),
    synopsis: one(body.synopsis),
    origin: one(body.origin),
    language: one(body.language),
    categoryIds: ids(body.categoryIds),
    primaryCategoryId: one(body.primaryCategoryId),
    genreIds: ids(body.genreIds),
    directors: one(body.directors),
    cast: one(body.cast),
    imdbId: one(body.imdbId),
    tmdbId: one(body.tmdbId),
    wikidataId: one(body.wikidataId),
  };
}

export function valuesOf(film: FilmEdit): FilmFormValues {
  return {
    title: film.title,
    originalTitle: film.originalTitle ?? '',
    year: film.year === null ? '' : String(film.year),
    synopsis: film.synopsis,
    origin: film.origin ?? '',
    language: film.language ?? '',
    categoryIds: film.categoryIds,
    primaryCategoryId: film.primaryCategoryId === null ? '' : String(film.primaryCategoryId),
    genreIds: film.genreIds,
    directors: film.directors.join('\n'),
    cast: film.cast.join('\n'),
    imdbId: film.imdbId ?? '',
    tmdbId: film.tmdbId === null ? '' : String(film.tmdbId),
    wikidataId: film.wikidataId ?? '',
  };
}

/** The edit the form asks for, or what is wrong with it, by field. */
export function validateFilmForm(
  values: FilmFormValues,
  latestYear: number,
): { edit: FilmEdit; problems: null } | { edit: null; problems: FilmFormProblems } {
  const problems: FilmFormProblems = {};
  const title = clean(values.title);
  if (!title) problems.title = 'Title: give the film a title.';
  else if (title.length > MAX_TITLE) problems.title = `Title: keep it to ${MAX_TITLE} characters.`;
  const originalTitle = distinctOriginalTitle(title, values.originalTitle);
  if (originalTitle && originalTitle.length > MAX_TITLE)
    problems.originalTitle = `Original title: keep it to ${MAX_TITLE} characters.`;
  let year: number | null = null;
  const yearText = values.year.trim();
  if (yearText) {
    year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < FIRST_FILM_YEAR || year > latestYear) {
      problems.year = `Year: a year from ${FIRST_FILM_YEAR} to ${latestYear}, or empty when unknown.`;
    }
  }
  const synopsis = values.synopsis.trim().replace(/\r\n/g, '\n');
  if (synopsis.length > MAX_SYNOPSIS) problems.synopsis = `Synopsis: keep it to ${MAX_SYNOPSIS} characters.`;
  const origin = clean(values.origin);
  if (origin.length > MAX_SHORT) problems.origin = `Origin: keep it to ${MAX_SHORT} characters.`;
  const language = clean(values.language);
  if (language.length > MAX_SHORT) problems.language = `Language: keep it to ${MAX_SHORT} characters.`;
  const directors = lines(values.directors);
  const cast = lines(values.cast);
  for (const [field, names, label] of [
    ['directors', directors, 'Directors'],
    ['cast', cast, 'Cast'],
  ] as const) {
    if (names.length > MAX_PEOPLE) problems[field] = `${label}: at most ${MAX_PEOPLE} names.`;
    else if (names.some((n) => n.length > MAX_PERSON_NAME))
      problems[field] = `${label}: a name is longer than ${MAX_PERSON_NAME} characters.`;
  }
  let primaryCategoryId: number | null = null;
  if (values.primaryCategoryId) {
    if (!/^\d{1,9}$/.test(values.primaryCategoryId)) problems.primaryCategoryId = 'Main category: choose one.';
    else primaryCategoryId = Number(values.primaryCategoryId);
  }
  const external = parseExternalIds(values);
  if (external.problems) Object.assign(problems, external.problems);
  if (Object.keys(problems).length || !external.ids) return { edit: null, problems };
  return {
    edit: {
      title,
      originalTitle,
      year,
      synopsis,
      origin: origin || null,
      language: language || null,
      categoryIds: values.categoryIds,
      primaryCategoryId,
      genreIds: values.genreIds,
      directors,
      cast,
      ...external.ids,
    },
    problems: null,
  };
}
