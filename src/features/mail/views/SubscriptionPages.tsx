import { CsrfField } from '../../../views/render-marks.js';

/** The page a confirmation link opens: the confirming is the button (a link scanner's GET confirms nothing). */
export function ConfirmPage(props: { token: string; email: string; done?: boolean }) {
  return (
    <section class="auth-card">
      <h1>Reply notifications</h1>
      {props.done ? (
        <p role="status">Confirmed. {props.email} will get a mail when someone replies to the comments it asked for.</p>
      ) : (
        <form method="post" action={`/mail/confirm/${props.token}`} class="form">
          <CsrfField />
          <p>Send a mail to {props.email} when someone replies to its comments?</p>
          <button type="submit" class="button">
            Yes, confirm
          </button>
        </form>
      )}
    </section>
  );
}

/** The page an unsubscribe link opens: a button for this thread and one for all (POST does it; GET only asks). */
export function UnsubscribePage(props: { threadAction: string | null; allAction: string; done?: 'thread' | 'all' }) {
  return (
    <section class="auth-card">
      <h1>Stop reply notifications</h1>
      {props.done === 'all' && <p role="status">Done: no more reply mails, and your address is forgotten.</p>}
      {props.done === 'thread' && <p role="status">Done: no more mails about this thread.</p>}
      {!props.done && props.threadAction && (
        <form method="post" action={props.threadAction} class="form">
          <button type="submit" class="button">
            Stop mails about this thread
          </button>
        </form>
      )}
      {props.done !== 'all' && (
        <form method="post" action={props.allAction} class="form">
          <button type="submit" class="button">
            Stop all reply mails
          </button>
        </form>
      )}
    </section>
  );
}

/** A moderator's one-click stop of mail about held comments. */
export function ModerationOffPage(props: { action?: string; done?: boolean }) {
  return (
    <section class="auth-card">
      <h1>Mail about held comments</h1>
      {props.done ? (
        <p role="status">
          Done: no more mail about held comments. Turn it back on in the admin area, My notifications.
        </p>
      ) : (
        <form method="post" action={props.action} class="form">
          <button type="submit" class="button">
            Stop mail about held comments
          </button>
        </form>
      )}
    </section>
  );
}
