import { CsrfField } from '../../../views/render-marks.js';
import type { OutboxStatus } from '../mail.table.js';

interface Row {
  id: number;
  kind: string;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string;
  last_error: string | null;
}

const when = (iso: string | null) => (iso ? <time datetime={iso}>{iso.slice(0, 19).replace('T', ' ')}</time> : '–');

/** The mail log: is email on, what is queued / sent / failed (with the server's answer), and a test button. */
export function MailLogPage(props: {
  emailOn: boolean;
  outboxDir: string;
  counts: Record<OutboxStatus, number>;
  rows: Row[];
  testTo: string;
}) {
  const { counts } = props;
  return (
    <>
      {props.emailOn ? (
        <p>Email is on: mail is sent through the SMTP server set in SMTP_URL.</p>
      ) : (
        <p class="notice" role="status">
          Email is off (SMTP_URL is not set): messages are written to <code>{props.outboxDir}</code> instead of sent.
        </p>
      )}
      <p>
        Queued {counts.queued + counts.sending} · sent {counts.sent} · failed {counts.failed}. Sent messages keep no
        subject or body; entries go after 30 days.
      </p>
      <form method="post" action="/admin/mail/test" class="form form--inline">
        <CsrfField />
        <button type="submit" class="button button--small">
          Send a test mail to {props.testTo}
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Mail, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued (UTC)</th>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Sent / next try</th>
              <th scope="col">Server's answer</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.created_at)}</td>
                <td>{r.kind}</td>
                <td>{r.recipient}</td>
                <td>{r.status}</td>
                <td>{r.attempts}</td>
                <td>{r.status === 'sent' ? when(r.sent_at) : r.status === 'failed' ? '–' : when(r.next_attempt_at)}</td>
                <td>{r.last_error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
