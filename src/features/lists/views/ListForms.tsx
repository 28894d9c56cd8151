import { Field } from '../../../views/AdminShell.js';
import { TextArea } from '../../../views/FormParts.js';
import { CsrfField } from '../../../views/render-marks.js';

export interface ListFormValues {
  title: string;
  description: string;
  ranked: boolean;
  visibility: 'public' | 'unlisted' | 'private';
}

export interface FormProblem {
  field: string;
  message: string;
}

export const blankList: ListFormValues = { title: '', description: '', ranked: false, visibility: 'public' };

const errorOf = (problem: FormProblem | undefined, field: string) =>
  problem?.field === field ? problem.message : undefined;

/** The list's own fields, shared by the create and edit forms (members' and the admin's site lists). */
export function ListFields(props: { values: ListFormValues; problem?: FormProblem; site?: boolean }) {
  const { values, problem } = props;
  const visibilityError = errorOf(problem, 'visibility');
  return (
    <>
      <Field name="title" label="Title" value={values.title} required error={errorOf(problem, 'title')} />
      <TextArea
        name="description"
        label="Description"
        value={values.description}
        rows={5}
        hint="Markdown: *emphasis*, **strong**, links, lists. At most 10,000 characters."
        error={errorOf(problem, 'description')}
      />
      <p class="field field--checkbox">
        <input type="checkbox" id="field-ranked" name="ranked" value="1" checked={values.ranked} />
        <label for="field-ranked">Ranked: number the films in their order</label>
      </p>
      <fieldset class={`choice-group${visibilityError ? ' field--invalid' : ''}`}>
        <legend>Who can see it</legend>
        {(
          [
            [
              'public',
              props.site
                ? 'Public: on the home page, in search and on film pages'
                : 'Public: on your profile, in search and on film pages',
            ],
            ['unlisted', 'Unlisted: anyone with the link, listed nowhere'],
            ['private', props.site ? 'Private: admins only' : 'Private: only you'],
          ] as const
        ).map(([value, label]) => (
          <p class="field field--checkbox" key={value}>
            <input
              type="radio"
              id={`field-visibility-${value}`}
              name="visibility"
              value={value}
              checked={values.visibility === value}
            />
            <label for={`field-visibility-${value}`}>{label}</label>
          </p>
        ))}
        {visibilityError && <p class="field__error">{visibilityError}</p>}
      </fieldset>
    </>
  );
}

function ProblemAlert(props: { problem?: FormProblem; fields: string[] }) {
  const { problem } = props;
  if (!problem || props.fields.includes(problem.field)) return null;
  return (
    <p class="form-error" role="alert">
      {problem.message}
    </p>
  );
}

/** A member's new-list page, or the edit page of one of their lists (with delete and CSV import). */
export function ListFormPage(props: {
  list: { id: number; href: string } | null;
  values: ListFormValues;
  problem?: FormProblem;
  flash?: string | null;
  importReport?: string[];
}) {
  const { list } = props;
  return (
    <section class="list-form">
      <h1>{list ? `Edit “${props.values.title}”` : 'New list'}</h1>
      {props.flash && (
        <p class="notice" role="status">
          {props.flash}
        </p>
      )}
      <ProblemAlert problem={props.problem} fields={['title', 'description', 'visibility']} />
      {list && (
        <p>
          <a href={list.href}>View the list</a>
        </p>
      )}
      <form method="post" action={list ? `/my/lists/${list.id}` : '/my/lists'}>
        <CsrfField />
        <ListFields values={props.values} problem={props.problem} />
        <button type="submit">{list ? 'Save' : 'Create list'}</button>
      </form>
      {list && (
        <>
          <h2>Import films from a CSV file</h2>
          <p>
            Our own export (<code>Position,Title,Year,Directors,imdbID,Note</code>) or a Letterboxd list export. Films
            already on the list are left as they are, so importing the same file twice changes nothing.
          </p>
          {props.importReport && props.importReport.length > 0 && (
            <ul class="import-report" aria-label="Rows not imported">
              {props.importReport.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <form method="post" action={`/my/lists/${list.id}/import`} enctype="multipart/form-data">
            <CsrfField />
            <div class="field">
              <label for="field-file">CSV file</label>
              <input id="field-file" name="file" type="file" accept=".csv,text/csv" required />
            </div>
            <button type="submit">Import</button>
          </form>
          <h2>Delete this list</h2>
          <form method="post" action={`/my/lists/${list.id}/delete`}>
            <CsrfField />
            <button type="submit" class="button--danger">
              Delete “{props.values.title}”
            </button>
          </form>
        </>
      )}
    </section>
  );
}

export interface ChoosableList {
  id: number;
  title: string;
  hasFilm: boolean;
}

/** "Add to list" for one film: pick one of your lists, or make a new one with the film on it. */
export function AddToListPage(props: {
  film: { slug: string; title: string; year: number | null };
  lists: ChoosableList[];
  problem?: FormProblem;
}) {
  const { film } = props;
  const name = film.year ? `${film.title} (${film.year})` : film.title;
  const choosable = props.lists.filter((l) => !l.hasFilm);
  return (
    <section class="add-to-list">
      <h1>Add {name} to a list</h1>
      <ProblemAlert problem={props.problem} fields={['title', 'description', 'visibility', 'note']} />
      <p>
        <a href={`/film/${film.slug}`}>Back to {film.title}</a>
      </p>
      {choosable.length > 0 && (
        <form method="post" action={`/film/${film.slug}/add-to-list`}>
          <CsrfField />
          <div class="field">
            <label for="field-list">Your list</label>
            <select id="field-list" name="list">
              {choosable.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {l.title}
                </option>
              ))}
            </select>
          </div>
          <TextArea
            name="note"
            label="Note (optional)"
            value=""
            rows={2}
            hint="At most 2,000 characters."
            error={errorOf(props.problem, 'note')}
          />
          <button type="submit">Add to list</button>
        </form>
      )}
      {props.lists.some((l) => l.hasFilm) && (
        <p>
          Already on:{' '}
          {props.lists
            .filter((l) => l.hasFilm)
            .map((l) => l.title)
            .join(', ')}
          .
        </p>
      )}
      <h2>Or start a new list with it</h2>
      <form method="post" action={`/film/${film.slug}/add-to-list`}>
        <CsrfField />
        <input type="hidden" name="list" value="new" />
        <ListFields values={blankList} problem={props.problem} />
        <button type="submit">Create list and add</button>
      </form>
    </section>
  );
}
