import { CsrfField } from '../../../views/render-marks.js';
import { blankList, type FormProblem, ListFields, type ListFormValues } from './ListForms.js';

export interface SiteListRow {
  id: number;
  title: string;
  href: string;
  entryCount: number;
  visibility: string;
  values: ListFormValues;
}

/** The admin's site lists: make one, edit each, add films by address, delete. Films are ordered on the list's page. */
export function SiteListsAdminPage(props: {
  lists: SiteListRow[];
  values?: ListFormValues;
  problem?: FormProblem;
  editing?: number;
}) {
  return (
    <>
      {props.problem && (
        <p class="form-error" role="alert">
          {props.problem.message}
        </p>
      )}
      <p>Public site lists are shown on the home page as shelves (the four most recently changed) and at /lists/…</p>
      {props.lists.map((l) => (
        <section key={l.id} class="admin-site-list" aria-labelledby={`site-list-${l.id}`}>
          <h2 id={`site-list-${l.id}`}>
            <a href={l.href}>{l.title}</a> ({l.entryCount} films, {l.visibility})
          </h2>
          <form method="post" action={`/admin/lists/${l.id}/films`}>
            <CsrfField />
            <div class="field">
              <label for={`film-${l.id}`}>Add a film (its address or slug)</label>
              <input id={`film-${l.id}`} name="film" type="text" required />
            </div>
            <button type="submit">Add film</button>
          </form>
          <details open={props.editing === l.id}>
            <summary>Edit {l.title}</summary>
            <form method="post" action={`/admin/lists/${l.id}`}>
              <CsrfField />
              <ListFields
                values={props.editing === l.id && props.values ? props.values : l.values}
                problem={props.editing === l.id ? props.problem : undefined}
                site
              />
              <button type="submit">Save</button>
            </form>
            <form method="post" action={`/admin/lists/${l.id}/delete`}>
              <CsrfField />
              <button type="submit" class="button--danger">
                Delete {l.title}
              </button>
            </form>
          </details>
        </section>
      ))}
      {props.editing === undefined && (
        <section aria-labelledby="new-site-list">
          <h2 id="new-site-list">New site list</h2>
          <form method="post" action="/admin/lists">
            <CsrfField />
            <ListFields values={props.values ?? blankList} problem={props.problem} site />
            <button type="submit">Create list</button>
          </form>
        </section>
      )}
    </>
  );
}
