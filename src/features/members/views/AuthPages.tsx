import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';

// The member's own doors: join, confirm, sign in, forgot and reset. Plain forms; every answer is a page.

const Notice = (props: { notice?: string | null | undefined }) =>
  props.notice ? <p role="status">{props.notice}</p> : null;

const FormError = (props: { error?: string | undefined }) =>
  props.error ? (
    <p class="form-error" role="alert">
      {props.error}
    </p>
  ) : null;

export interface JoinValues {
  email?: string;
  displayName?: string;
  handle?: string;
}

export function JoinPage(props: { values?: JoinValues; error?: string; field?: string }) {
  const v = props.values ?? {};
  const errorOf = (field: string) => (props.field === field ? props.error : undefined);
  return (
    <section class="auth-card">
      <h1>Join</h1>
      <p class="muted">
        Keep your ratings, likes and comments in one account, on every device. What you did in this browser as a guest
        comes with you.
      </p>
      {!props.field && <FormError error={props.error} />}
      <form method="post" action="/join" class="form">
        <CsrfField />
        <Field
          name="email"
          label="Email"
          type="email"
          value={v.email}
          required
          autocomplete="email"
          error={errorOf('email')}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          required
          autocomplete="new-password"
          hint="At least 12 characters."
          error={errorOf('password')}
        />
        <Field
          name="display_name"
          label="Display name"
          value={v.displayName}
          required
          autocomplete="nickname"
          error={errorOf('display_name')}
        />
        <Field
          name="handle"
          label="Handle"
          value={v.handle}
          required
          hint="Your profile address: /u/handle. 2–30 letters a–z, digits, _ or -."
          error={errorOf('handle')}
        />
        <button type="submit" class="button">
          Join
        </button>
      </form>
      <p>
        Already a member? <a href="/login">Sign in</a>
      </p>
    </section>
  );
}

export function JoinSentPage(props: { email: string }) {
  return (
    <section class="auth-card">
      <h1>Check your inbox</h1>
      <p role="status">
        We sent a link to <strong>{props.email}</strong>. Follow it to confirm the address and finish joining; it works
        for 7 days.
      </p>
      <p class="muted">Nothing arriving? Check the spam folder. You can already sign in meanwhile.</p>
      <p>
        <a href="/login">Sign in</a>
      </p>
    </section>
  );
}

export function ConfirmPage(props: { token: string; email: string }) {
  return (
    <section class="auth-card">
      <h1>Confirm your address</h1>
      <p>
        Confirm <strong>{props.email}</strong> and sign in on this browser.
      </p>
      <form method="post" action={`/join/confirm/${props.token}`} class="form">
        <CsrfField />
        <button type="submit" class="button">
          Confirm my address
        </button>
      </form>
    </section>
  );
}

export function MemberLoginPage(props: { email?: string; error?: string; next?: string; notice?: string | null }) {
  return (
    <section class="auth-card">
      <h1>Sign in</h1>
      <Notice notice={props.notice} />
      <FormError error={props.error} />
      <form method="post" action="/login" class="form">
        <CsrfField />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field name="email" label="Email" type="email" value={props.email} required autocomplete="username" />
        <Field name="password" label="Password" type="password" required autocomplete="current-password" />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      <p>
        <a href="/login/forgot">Forgot your password?</a> · <a href="/join">Join</a>
      </p>
    </section>
  );
}

export function MemberForgotPage(props: { email?: string; done?: boolean; error?: string }) {
  return (
    <section class="auth-card">
      <h1>Forgot your password?</h1>
      {props.done ? (
        <p role="status">
          If an account uses that address, a link to choose a new password is on its way. It works once, within an hour.
        </p>
      ) : (
        <p class="muted">Enter the address of your account; we mail you a link to choose a new password.</p>
      )}
      <FormError error={props.error} />
      <form method="post" action="/login/forgot" class="form">
        <CsrfField />
        <Field name="email" label="Email" type="email" value={props.email} required autocomplete="username" />
        <button type="submit" class="button">
          Mail me a link
        </button>
      </form>
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </section>
  );
}

export function MemberResetPage(props: { email: string; token: string; error?: string }) {
  return (
    <section class="auth-card">
      <h1>Choose a new password</h1>
      <p>
        For <strong>{props.email}</strong>. At least 12 characters. Every device signed in to this account is signed
        out.
      </p>
      <form method="post" action={`/login/reset/${props.token}`} class="form">
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
