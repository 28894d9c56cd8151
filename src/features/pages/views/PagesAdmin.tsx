import { Field } from '../../../views/AdminShell.js';
import { TextArea } from '../../../views/FormParts.js';
import { CsrfField } from '../../../views/render-marks.js';

export interface PageListItem {
  id: number;
  path: string;
  title: string;
  published: number;
  source: string | null;
}

/** Every page, drafts included, with a link to edit each. */
export function PageListPage(props: { pages: PageListItem[] }) {
  return (
    <>
      <p>
        <a href="/admin/pages/new" class="button">
          New page
        </a>
      </p>
      {props.pages.length === 0 ? (
        <p>No pages yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Address</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {props.pages.map((p) => (
              <tr key={p.id} id={`page-${p.id}`}>
                <td>
                  <a href={`/admin/pages/${p.id}`}>{p.title}</a>
                  {p.source ? ' (imported)' : ''}
                </td>
                <td>
                  <code>{p.path}</code>
                </td>
                <td>{p.published ? 'Published' : 'Draft (admins only)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export interface PageFormValues {
  title: string;
  path: string;
  markdown: string;
  published: boolean;
}

/** Create or edit a page; a problem is shown next to its field, with what was typed kept. */
export function PageFormPage(props: {
  id: number | null;
  values: PageFormValues;
  problem?: { field: string; message: string };
}) {
  const { id, values, problem } = props;
  const errorOf = (field: string) => (problem?.field === field ? problem.message : undefined);
  return (
    <>
      <form method="post" action={id === null ? '/admin/pages' : `/admin/pages/${id}`} class="form">
        <CsrfField />
        <Field name="title" label="Title" value={values.title} required error={errorOf('title')} />
        <Field
          name="path"
          label="Address"
          value={values.path}
          error={errorOf('path')}
          hint="Where the page is served, e.g. /about. Left empty: /page/ followed by the title."
        />
        <TextArea
          name="markdown"
          label="Body (Markdown)"
          value={values.markdown}
          rows={16}
          error={errorOf('markdown')}
          hint="Headings, lists, quotes, emphasis and links; images only from this site."
        />
        <div class="field">
          <label>
            <input type="checkbox" name="published" value="1" checked={values.published} /> Published (otherwise only
            admins see it)
          </label>
        </div>
        <button type="submit">Save</button>
        {id !== null && values.path ? (
          <>
            {' '}
            <a href={values.path}>View</a>
          </>
        ) : null}
      </form>
      {id !== null ? (
        <form method="post" action={`/admin/pages/${id}/delete`} class="form">
          <CsrfField />
          <button type="submit" class="button--danger">
            Delete this page
          </button>
        </form>
      ) : null}
    </>
  );
}
