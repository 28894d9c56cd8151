import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';

const MODES = [
  { value: 'off', label: 'No mail about held comments' },
  { value: 'each', label: 'A mail for each comment held for moderation' },
  { value: 'digest', label: 'A digest of held comments, at most every N minutes' },
] as const;

/** A moderator's own mail choices. */
export function NotificationsPage(props: {
  email: string;
  mode: string;
  digestMinutes: number;
  emailOn: boolean;
  error?: string;
}) {
  return (
    <form method="post" action="/admin/notifications" class="form">
      <CsrfField />
      {!props.emailOn && (
        <p class="notice" role="status">
          Email is off on this server (SMTP_URL is not set): your choice is kept, but mail is only written to files.
        </p>
      )}
      <fieldset>
        <legend>Held comments, mailed to {props.email}</legend>
        {MODES.map((m) => (
          <div class="field field--check" key={m.value}>
            <input id={`mode-${m.value}`} type="radio" name="mode" value={m.value} checked={props.mode === m.value} />
            <label for={`mode-${m.value}`}>{m.label}</label>
          </div>
        ))}
        <Field
          name="digestMinutes"
          label="Digest every N minutes"
          type="number"
          min={5}
          max={1440}
          value={props.digestMinutes}
          error={props.error}
        />
      </fieldset>
      <button type="submit" class="button">
        Save
      </button>
    </form>
  );
}
