import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';

const Csrf = () => <CsrfField />;

export function LoginPage(props: { email?: string; error?: string; next?: string; notice?: string | null }) {
  return (
    <section class="auth-card">
      <h1>Log in</h1>
      <p class="muted">For the site's admins and moderators.</p>
      {props.notice && <p role="status">{props.notice}</p>}
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/login" class="form">
        <Csrf />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field name="email" label="Email" type="email" value={props.email} required autocomplete="username" />
        <Field name="password" label="Password" type="password" required autocomplete="current-password" />
        <button type="submit" class="button">
          Log in
        </button>
      </form>
      <p>
        <a href="/admin/forgot">Forgot your password?</a>
      </p>
    </section>
  );
}

export function InvitePage(props: { email: string; token: string; error?: string }) {
  return (
    <section class="auth-card">
      <h1>Set your password</h1>
      <p>
        You were invited to help run this site as <strong>{props.email}</strong>. Choose a password of at least 12
        characters.
      </p>
      <form method="post" action={`/admin/invite/${props.token}`} class="form">
        <Csrf />
        <Field
          name="password"
          label="New password"
          type="password"
          required
          autocomplete="new-password"
          error={props.error}
        />
        <button type="submit" class="button">
          Set password and log in
        </button>
      </form>
    </section>
  );
}

export interface UserListItem {
  id: number;
  email: string;
  role: string;
  created_at: string;
  password_hash: string | null;
  invite_expires_at: string | null;
}

export function UsersPage(props: {
  users: UserListItem[];
  selfId: number;
  inviteLink?: string | null;
  /** Where the invitation was also mailed (email on). */
  mailedTo?: string | null;
  form?: { email?: string; role?: string; error?: string };
}) {
  return (
    <>
      {props.inviteLink && (
        <div class="notice" role="status">
          <p>
            Invitation created.{' '}
            {props.mailedTo
              ? `It is mailed to ${props.mailedTo}; if it does not arrive, send them this link yourself.`
              : 'Send this link to the new user.'}{' '}
            It works once, for 7 days, and is not shown again:
          </p>
          <p>
            <code class="copyable">{props.inviteLink}</code>
          </p>
        </div>
      )}
      <table class="table">
        <caption class="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.password_hash ? 'active' : 'invited'}</td>
              <td>{u.created_at.slice(0, 10)}</td>
              <td>
                {u.id !== props.selfId && (
                  <form method="post" action={`/admin/users/${u.id}/remove`}>
                    <Csrf />
                    <button type="submit" class="link-button">
                      Remove<span class="visually-hidden"> {u.email}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Invite someone</h2>
      <form method="post" action="/admin/users/invite" class="form form--inline">
        <Csrf />
        <Field name="email" label="Email" type="email" required value={props.form?.email} error={props.form?.error} />
        <div class="field">
          <label for="field-role">Role</label>
          <select id="field-role" name="role">
            <option value="moderator" selected={props.form?.role !== 'admin'}>
              Moderator (comments only)
            </option>
            <option value="admin" selected={props.form?.role === 'admin'}>
              Admin (everything)
            </option>
          </select>
        </div>
        <button type="submit" class="button">
          Create invitation
        </button>
      </form>
    </>
  );
}

export interface TokenListItem {
  id: number;
  name: string;
  prefix: string;
  email: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function TokensPage(props: {
  tokens: TokenListItem[];
  newToken?: string | null;
  error?: string;
  name?: string;
}) {
  return (
    <>
      <p>
        Tokens let scripts use the admin API (<code>/api/v1/admin/…</code>) with <code>Authorization: Bearer …</code>. A
        token acts with your role. Only a hash is stored: copy a new token now, it is not shown again.
      </p>
      {props.newToken && (
        <div class="notice" role="status">
          <p>New token:</p>
          <p>
            <code class="copyable">{props.newToken}</code>
          </p>
        </div>
      )}
      <form method="post" action="/admin/tokens" class="form form--inline">
        <Csrf />
        <Field
          name="name"
          label="Token name"
          required
          value={props.name}
          error={props.error}
          hint="e.g. nightly import"
        />
        <button type="submit" class="button">
          Create token
        </button>
      </form>
      <table class="table">
        <caption class="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            <th scope="col">Owner</th>
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
              <td>{t.email}</td>
              <td>{t.created_at.slice(0, 10)}</td>
              <td>{t.last_used_at ? t.last_used_at.slice(0, 16).replace('T', ' ') : 'never'}</td>
              <td>
                {t.revoked_at ? (
                  <span class="muted">revoked {t.revoked_at.slice(0, 10)}</span>
                ) : (
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`}>
                    <Csrf />
                    <button type="submit" class="link-button">
                      Revoke<span class="visually-hidden"> {t.name}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function DashboardPage(props: {
  films: number;
  /** Comments waiting for a moderator's decision. */
  pendingComments: number;
  role: string;
  links: Array<{ href: string; label: string }>;
  /** No SMTP_URL: mail is written to files, nobody receives it. */
  emailOff?: boolean;
}) {
  return (
    <>
      {props.emailOff && (
        <p class="notice" role="status">
          Email is off: SMTP_URL is not set, so mail (password resets, notifications) is written to files in the
          server's DATA_DIR/outbox instead of being sent.
        </p>
      )}
      <p class="dashboard__pending">
        {props.pendingComments === 0 ? (
          'No comments are awaiting moderation.'
        ) : (
          <a href="/admin/comments?status=pending">
            <strong>{props.pendingComments.toLocaleString('en-US')}</strong>{' '}
            {props.pendingComments === 1 ? 'comment is' : 'comments are'} awaiting moderation
          </a>
        )}
      </p>
      <p>
        The catalog holds <strong>{props.films.toLocaleString('en-US')}</strong> films. You are signed in as{' '}
        {props.role === 'admin' ? 'an admin' : 'a moderator'}.
      </p>
      <ul>
        {props.links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
