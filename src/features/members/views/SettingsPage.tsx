import { Field } from '../../../views/AdminShell.js';
import { TextArea } from '../../../views/FormParts.js';
import { CsrfField } from '../../../views/render-marks.js';
import { ApiTokensSection } from './ApiTokensPage.js';

export interface SettingsView {
  email: string;
  handle: string;
  displayName: string;
  bio: string;
  profilePublic: boolean;
  watchlistPublic: boolean;
  confirmed: boolean;
}

/** Which form an error belongs to, so it shows next to its field. */
export interface SettingsError {
  field: string;
  message: string;
}

const errorFor = (error: SettingsError | undefined, field: string) =>
  error?.field === field ? error.message : undefined;

function Checkbox(props: { name: string; label: string; checked: boolean }) {
  const id = `field-${props.name}`;
  return (
    <p class="field field--checkbox">
      <input type="checkbox" id={id} name={props.name} value="1" checked={props.checked} />
      <label for={id}>{props.label}</label>
    </p>
  );
}

export function SettingsPage(props: { member: SettingsView; notice?: string | null; error?: SettingsError }) {
  const { member: m, error } = props;
  return (
    <section class="settings">
      <h1>Your account</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {error &&
        !['display_name', 'bio', 'new_email', 'current_password', 'new_password', 'password'].includes(error.field) && (
          <p class="form-error" role="alert">
            {error.message}
          </p>
        )}
      {!m.confirmed && (
        <p class="notice" role="status">
          Your address {m.email} is not confirmed yet: follow the link we mailed you. Until then you cannot publish
          reviews, and an unconfirmed account is removed 7 days after joining.
        </p>
      )}
      <p>
        Your profile: <a href={`/u/${m.handle}`}>/u/{m.handle}</a>
      </p>

      <h2>Profile</h2>
      <form method="post" action="/settings/profile" class="form">
        <CsrfField />
        <Field
          name="display_name"
          label="Display name"
          value={m.displayName}
          required
          error={errorFor(error, 'display_name')}
        />
        <TextArea name="bio" label="About you" value={m.bio} rows={4} error={errorFor(error, 'bio')} />
        <Checkbox name="profile_public" label="Anyone may see my profile" checked={m.profilePublic} />
        <Checkbox name="watchlist_public" label="Anyone may see my watchlist" checked={m.watchlistPublic} />
        <button type="submit" class="button">
          Save profile
        </button>
      </form>

      <h2>Email address</h2>
      <form method="post" action="/settings/email" class="form">
        <CsrfField />
        <p class="muted">Now: {m.email}. We mail a link to the new address; the change happens when it is followed.</p>
        <Field
          name="new_email"
          label="New email"
          type="email"
          required
          autocomplete="email"
          error={errorFor(error, 'new_email')}
        />
        <Field
          name="password"
          label="Current password"
          type="password"
          required
          autocomplete="current-password"
          error={errorFor(error, 'password')}
        />
        <button type="submit" class="button">
          Change address
        </button>
      </form>

      <h2>Password</h2>
      <form method="post" action="/settings/password" class="form">
        <CsrfField />
        <Field
          name="current_password"
          label="Current password"
          type="password"
          required
          autocomplete="current-password"
          error={errorFor(error, 'current_password')}
        />
        <Field
          name="new_password"
          label="New password"
          type="password"
          required
          autocomplete="new-password"
          hint="At least 12 characters. Every other device is signed out."
          error={errorFor(error, 'new_password')}
        />
        <button type="submit" class="button">
          Change password
        </button>
      </form>

      <h2>Devices</h2>
      <form method="post" action="/settings/logout-everywhere" class="form">
        <CsrfField />
        <p class="muted">Sign out on every device and browser, this one included.</p>
        <button type="submit" class="button">
          Sign out everywhere
        </button>
      </form>

      <ApiTokensSection />

      <h2>Your data</h2>
      <p>
        Download everything stored about you: <a href="/settings/export.json">JSON</a> ·{' '}
        <a href="/settings/export.csv">CSV</a> · your film history as a <a href="/settings/export/history.zip">ZIP</a>{' '}
        (Letterboxd CSV and JSON); bring yours from Letterboxd, IMDb or Trakt: <a href="/settings/import">import</a>
      </p>

      <h2>Delete your account</h2>
      <form method="post" action="/settings/delete" class="form">
        <CsrfField />
        <fieldset>
          <legend>What happens to what you wrote and rated</legend>
          <p class="field field--checkbox">
            <input type="radio" id="delete-anonymise" name="mode" value="anonymise" checked />
            <label for="delete-anonymise">Keep it, shown as “Deleted member”</label>
          </p>
          <p class="field field--checkbox">
            <input type="radio" id="delete-delete" name="mode" value="delete" />
            <label for="delete-delete">Remove my ratings, likes and comments too</label>
          </p>
        </fieldset>
        <Field
          name="delete_password"
          label="Current password"
          type="password"
          required
          autocomplete="current-password"
          error={errorFor(error, 'delete_password')}
        />
        <button type="submit" class="button button--danger">
          Delete my account
        </button>
      </form>
    </section>
  );
}

export function EmailChangePage(props: { token: string; newEmail: string }) {
  return (
    <section class="auth-card">
      <h1>Use your new address</h1>
      <p>
        Make <strong>{props.newEmail}</strong> the address of your account.
      </p>
      <form method="post" action={`/settings/email/${props.token}`} class="form">
        <CsrfField />
        <button type="submit" class="button">
          Use this address
        </button>
      </form>
    </section>
  );
}
