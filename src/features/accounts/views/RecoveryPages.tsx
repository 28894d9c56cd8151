import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';

export function ForgotPage(props: { email?: string; done?: boolean; error?: string }) {
  return (
    <section class="auth-card">
      <h1>Forgot your password?</h1>
      {props.done ? (
        <p role="status">
          If an account uses that address, a link to choose a new password is on its way. It works once, within an hour.
          Nothing arriving? Check the spam folder, or ask an admin.
        </p>
      ) : (
        <p class="muted">Enter the address of your account; we mail you a link to choose a new password.</p>
      )}
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/forgot" class="form">
        <CsrfField />
        <Field name="email" label="Email" type="email" value={props.email} required autocomplete="username" />
        <button type="submit" class="button">
          Mail me a link
        </button>
      </form>
      <p>
        <a href="/admin/login">Back to log in</a>
      </p>
    </section>
  );
}

export function ResetPage(props: { email: string; token: string; error?: string }) {
  return (
    <section class="auth-card">
      <h1>Choose a new password</h1>
      <p>
        For <strong>{props.email}</strong>. At least 12 characters. Every device signed in to this account is logged
        out.
      </p>
      <form method="post" action={`/admin/reset/${props.token}`} class="form">
        <CsrfField />
        <Field
          name="password"
          label="New password"
          type="password"
          required
          autocomplete="new-password"
          error={props.error}
        />
        <button type="submit" class="button">
          Set the new password
        </button>
      </form>
    </section>
  );
}
