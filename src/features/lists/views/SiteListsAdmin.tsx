import { Pagination } from '../../../views/Pagination.js';
import { CsrfField } from '../../../views/render-marks.js';
import { blankList, type FormProblem, ListFields, type ListFormValues } from './ListForms.js';
import { ListEntries, type ListEntryView, type ListView } from './ListPage.js';

export interface SiteListRow {
  id: number;
  title: string;
  href: string;
  entryCount: number;
  visibility: string;
  values: ListFormValues;
}

function AddFilmForm(props: { listId: number }) {
  return (
    <form method="post" action={`/admin/lists/${props.listId}/films`}>
      <CsrfField />
      <div class="field">
        <label for={`film-${props.listId}`}>Add a film (its address or slug)</label>
        <input id={`film-${props.listId}`} name="film" type="text" required />
      </div>
      <button type="submit">Add film</button>
    </form>
  );
}

/** The admin's site lists: make one, edit each, add films by address, delete; each list's films on its own page. */
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
          <p>
            <a href={`/admin/lists/${l.id}`}>Order, notes and removal of its films</a>
          </p>
          <AddFilmForm listId={l.id} />
          <details open={props.editing === l.id}>
            <summary>Edit {l.title}</summary>
            <form method="post" action={`/admin/lists/${l.id}`}>
              <CsrfField />
              <ListFields
                values={props.editing === l.id && props.values ? props.values : l.values}
                problem={props.editing === l.id ? props.problem : undefined}
                site
                idPrefix={`list-${l.id}-`}
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

/**
 * One site list's films for an admin: the member list's own entry controls (up, down, a place, a note, remove),
 * posting to `/admin/lists/…`, where each change is audited.
 */
export function SiteListEntriesAdminPage(props: {
  list: ListView;
  entries: ListEntryView[];
  page: number;
  pageCount: number;
}) {
  const { list } = props;
  const here = `/admin/lists/${list.id}`;
  return (
    <>
      <p>
        <a href="/admin/lists">All site lists</a> · <a href={list.href}>The list as visitors see it</a> ·{' '}
        {list.entryCount.toLocaleString('en-US')} {list.entryCount === 1 ? 'film' : 'films'}, {list.visibility}
      </p>
      <AddFilmForm listId={list.id} />
      {props.entries.length === 0 ? (
        <p>No films on this list yet.</p>
      ) : (
        <ListEntries list={list} entries={props.entries} editing={{ base: `${here}/entries`, island: false }} />
      )}
      <Pagination
        current={props.page}
        pageCount={props.pageCount}
        hrefFor={(n) => (n === 1 ? here : `${here}?page=${n}`)}
      />
    </>
  );
}
