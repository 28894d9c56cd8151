import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';
import type { MemberTokenScope } from '../api-tokens.table.js';

export interface ApiTokenItem {
  id: number;
  name: string;
  prefix: string;
  scope: MemberTokenScope;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The settings page's pointer to the tokens page (a section of its own, so /settings stays the members' file). */
export function ApiTokensSection() {
  return (
    <>
      <h2>API tokens</h2>
      <p>
        Let your own scripts read and change your ratings, watchlist and diary through the <a href="/api/docs">API</a>:{' '}
        <a href="/settings/tokens">manage your API tokens</a>.
      </p>
    </>
  );
}

const SCOPE_LABEL: Record<MemberTokenScope, string> = { read: 'Read only', 'read-write': 'Read and change' };

/** The scope choice: read-only first and chosen, so a token gets write access only when asked for. */
function ScopeField(props: { error?: string }) {
  return (
    <fieldset class={`field${props.error ? ' field--invalid' : ''}`} aria-describedby="token-scope-hint">
      <legend>Access</legend>
      <label>
        <input type="radio" name="scope" value="read" checked /> {SCOPE_LABEL.read}: your ratings, watchlist, diary and
        reviews
      </label>
      <label>
        <input type="radio" name="scope" value="read-write" /> {SCOPE_LABEL['read-write']}: also rate, review, log
        viewings and edit lists
      </label>
      <p class="field__hint" id="token-scope-hint">
        A read-only token is refused (403) on any change.
      </p>
      {props.error && <p class="field__error">{props.error}</p>}
    </fieldset>
  );
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : 'never');

/** A member's personal API tokens: create (the secret shown once), list, revoke. */
export function ApiTokensPage(props: {
  tokens: ApiTokenItem[];
  newToken?: string | null;
  notice?: string | null;
  error?: string;
  scopeError?: string;
  name?: string;
}) {
  return (
    <section class="settings">
      <h1>API tokens</h1>
      <p>
        <a href="/settings">Back to your account</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>
        A token lets a script act as you on <code>/api/v1/me/…</code> (your ratings, watchlist, diary and reviews), sent
        as <code>Authorization: Bearer …</code>. Anyone holding it can do what its access allows there (read only, or
        read and change), so keep it secret and revoke it when you no longer need it. Tokens made before access could be
        chosen can read and change. We store only a one-way hash of it: copy a new token now, it is not shown again.
      </p>
      {props.newToken && (
        <div class="notice" role="status">
          <p>Your new token:</p>
          <p>
            <code class="copyable" data-new-token>
              {props.newToken}
            </code>
          </p>
        </div>
      )}
      <form method="post" action="/settings/tokens" class="form">
        <CsrfField />
        <Field
          name="name"
          label="Token name"
          required
          value={props.name}
          error={props.error}
          hint="What it is for, e.g. my diary backup"
        />
        <ScopeField error={props.scopeError} />
        <button type="submit" class="button">
          Create token
        </button>
      </form>
      {props.tokens.length === 0 ? (
        <p class="muted">You have no API tokens.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Your API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Access</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{SCOPE_LABEL[t.scope]}</td>
                <td>{t.created_at.slice(0, 10)}</td>
                <td>{when(t.last_used_at)}</td>
                <td>
                  {t.revoked_at ? (
                    <span class="muted">revoked {t.revoked_at.slice(0, 10)}</span>
                  ) : (
                    <form method="post" action={`/settings/tokens/${t.id}/revoke`}>
                      <CsrfField />
                      <button type="submit" class="link-button" aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
