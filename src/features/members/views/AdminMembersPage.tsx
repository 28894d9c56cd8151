import { CsrfField } from '../../../views/render-marks.js';

interface Row {
  id: number;
  email: string;
  handle: string;
  display_name: string;
  confirmed_at: string | null;
  created_at: string;
  suspended_at: string | null;
}

const day = (iso: string) => iso.slice(0, 10);

export function AdminMembersPage(props: {
  rows: Row[];
  q: string;
  page: number;
  hasMore: boolean;
  notice?: string | null;
}) {
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (props.q) params.set('q', props.q);
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return `/admin/members${s ? `?${s}` : ''}`;
  };
  return (
    <>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <form method="get" action="/admin/members" class="form form--inline filters">
        <div class="field">
          <label for="members-q">Handle, email or name</label>
          <input id="members-q" type="search" name="q" value={props.q} maxLength={200} />
        </div>
        <button type="submit" class="button button--small">
          Search
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p>No member matches.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Members, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={`/admin/members/${m.id}`}>{m.display_name}</a> <a href={`/u/${m.handle}`}>@{m.handle}</a>
                </td>
                <td>{m.email}</td>
                <td>
                  <time datetime={m.created_at}>{day(m.created_at)}</time>
                </td>
                <td>
                  {m.suspended_at ? `Suspended ${day(m.suspended_at)}` : m.confirmed_at ? 'Active' : 'Unconfirmed'}
                </td>
                <td>
                  <form method="post" action={`/admin/members/${m.id}/${m.suspended_at ? 'restore' : 'suspend'}`}>
                    <CsrfField />
                    <button type="submit" class="button button--small">
                      {m.suspended_at ? 'Restore' : 'Suspend'}
                      <span class="visually-hidden"> @{m.handle}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pagination" aria-label="Pages">
        {props.page > 1 && <a href={href(props.page - 1)}>Newer</a>}{' '}
        {props.hasMore && <a href={href(props.page + 1)}>Older</a>}
      </nav>
    </>
  );
}
