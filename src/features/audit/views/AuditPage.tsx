import type { AuditQuery } from '../audit.schemas.js';

interface Row {
  id: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  created_at: string;
}

function Select(props: { name: string; label: string; options: string[]; value?: string }) {
  return (
    <div class="field">
      <label for={`audit-${props.name}`}>{props.label}</label>
      <select id={`audit-${props.name}`} name={props.name}>
        <option value="">Any</option>
        {props.options.map((o) => (
          <option key={o} value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AuditPage(props: {
  rows: Row[];
  facets: { actors: string[]; actions: string[]; targetTypes: string[] };
  query: AuditQuery;
  page: number;
  hasMore: boolean;
}) {
  const { query } = props;
  const href = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v && k !== 'page') params.set(k, String(v));
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return `/admin/audit${s ? `?${s}` : ''}`;
  };
  return (
    <>
      <form method="get" action="/admin/audit" class="form form--inline filters">
        <Select name="actor" label="Who" options={props.facets.actors} value={query.actor} />
        <Select name="action" label="Action" options={props.facets.actions} value={query.action} />
        <Select name="target" label="Record type" options={props.facets.targetTypes} value={query.target} />
        <div class="field">
          <label for="audit-from">From</label>
          <input id="audit-from" type="date" name="from" value={query.from} />
        </div>
        <div class="field">
          <label for="audit-to">To</label>
          <input id="audit-to" type="date" name="to" value={query.to} />
        </div>
        <button type="submit" class="button button--small">
          Filter
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p>Nothing recorded that matches.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <time datetime={r.created_at}>{r.created_at.slice(0, 19).replace('T', ' ')}</time>
                </td>
                <td>{r.actor}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.target_type}
                  {r.target_id ? ` #${r.target_id}` : ''}
                </td>
                <td>{r.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Audit pages">
        <ul>
          {props.page > 1 && (
            <li>
              <a href={href(props.page - 1)} rel="prev">
                ← Newer
              </a>
            </li>
          )}
          {props.hasMore && (
            <li>
              <a href={href(props.page + 1)} rel="next">
                Older →
              </a>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}
