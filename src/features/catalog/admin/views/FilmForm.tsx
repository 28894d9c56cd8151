import { Field } from '../../../../views/AdminShell.js';
import { PosterImage } from '../../../../views/FilmCard.js';
import { CheckboxGroup, type Choice, FieldNote, indented, Select, TextArea } from '../../../../views/FormParts.js';
import { CsrfField } from '../../../../views/render-marks.js';
import type { FilmFormProblems, FilmFormValues } from '../film-form.js';

export interface FilmFormProps {
  /** Where the form posts: /admin/films for a new film, /admin/films/:id for an edit. */
  action: string;
  values: FilmFormValues;
  problems?: FilmFormProblems;
  categories: Choice[];
  genres: Choice[];
  latestYear: number;
  maxPosterMb: number;
  /** The edited film (absent for a new one). */
  film?: { id: number; slug: string; posterKey: string | null; title: string; year: number | null };
}

export function FilmForm(props: FilmFormProps) {
  const v = props.values;
  const p = props.problems ?? {};
  const posterId = 'field-poster';
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" class="form film-form">
      <CsrfField />
      {Object.keys(p).length > 0 && (
        <p class="form-error" role="alert">
          Some fields need fixing; nothing was saved.
          {p.poster ? ' Choose the poster file again: browsers do not keep it.' : ''}
        </p>
      )}
      <Field name="title" label="Title" value={v.title} required error={p.title} />
      <Field
        name="originalTitle"
        label="Original title"
        value={v.originalTitle}
        error={p.originalTitle}
        hint="The title in the film's own language, e.g. 7번방의 선물. Leave empty when it is the same."
      />
      <Field
        name="year"
        label="Year"
        type="number"
        min={1870}
        max={props.latestYear}
        value={v.year}
        error={p.year}
        hint="Leave empty when unknown."
      />
      <TextArea name="synopsis" label="Synopsis" value={v.synopsis} rows={8} error={p.synopsis} />
      <Field name="origin" label="Origin" value={v.origin} error={p.origin} hint="Country, e.g. South Korea." />
      <Field name="language" label="Language" value={v.language} error={p.language} />
      <CheckboxGroup
        name="categoryIds"
        legend="Categories"
        choices={props.categories}
        checked={v.categoryIds}
        error={p.categoryIds}
      />
      <Select
        name="primaryCategoryId"
        label="Main category (breadcrumb)"
        value={v.primaryCategoryId}
        options={[
          { value: '', label: 'The first chosen category' },
          ...props.categories.map((c) => ({ value: String(c.id), label: indented(c) })),
        ]}
        error={p.primaryCategoryId}
      />
      <CheckboxGroup name="genreIds" legend="Genres" choices={props.genres} checked={v.genreIds} error={p.genreIds} />
      <TextArea
        name="directors"
        label="Directors"
        value={v.directors}
        rows={2}
        error={p.directors}
        hint="One per line."
      />
      <TextArea
        name="cast"
        label="Cast"
        value={v.cast}
        rows={5}
        error={p.cast}
        hint="One per line, in billing order."
      />
      <fieldset>
        <legend>Ids elsewhere</legend>
        <p class="field__hint">
          Optional. They let members' Letterboxd, IMDb and Trakt imports find this film exactly, and appear as links in
          the page's structured data only.
        </p>
        <Field name="imdbId" label="IMDb id" value={v.imdbId} error={p.imdbId} hint="e.g. tt0133093" />
        <Field name="tmdbId" label="TMDB id" value={v.tmdbId} error={p.tmdbId} hint="e.g. 603" />
        <Field name="wikidataId" label="Wikidata id" value={v.wikidataId} error={p.wikidataId} hint="e.g. Q83495" />
      </fieldset>
      <fieldset class={p.poster ? 'field--invalid' : undefined}>
        <legend>Poster</legend>
        {props.film?.posterKey ? (
          <div class="film-form__poster">
            <PosterImage posterKey={props.film.posterKey} title={props.film.title} year={props.film.year} />
            <div class="field field--check">
              <input id="field-removePoster" type="checkbox" name="removePoster" value="1" />
              <label for="field-removePoster">Remove this poster (the typographic one returns)</label>
            </div>
          </div>
        ) : (
          <p class="field__hint">No poster uploaded: the site shows a typographic poster made from the title.</p>
        )}
        <div class="field">
          <label for={posterId}>{props.film?.posterKey ? 'Replace with' : 'Upload a poster'}</label>
          <input
            id={posterId}
            type="file"
            name="poster"
            accept="image/jpeg,image/png,image/webp"
            aria-invalid={p.poster ? 'true' : undefined}
            aria-describedby={`${posterId}-hint${p.poster ? ` ${posterId}-error` : ''}`}
          />
          <FieldNote
            id={posterId}
            hint={`JPEG, PNG or WebP, up to ${props.maxPosterMb} MB, at least 200 px wide. It is resized for every screen.`}
            error={p.poster}
          />
        </div>
      </fieldset>
      <div class="form__actions">
        <button type="submit" class="button">
          {props.film ? 'Save changes' : 'Add the film'}
        </button>
        {props.film && (
          <>
            <a href={`/film/${props.film.slug}`}>View on the site</a>
            <a href={`/admin/films/${props.film.id}/delete`} class="danger-link">
              Delete this film…
            </a>
          </>
        )}
      </div>
    </form>
  );
}
