import type { PrivacySection } from '../comment.js';

/** What this site stores about readers and commenters, for how long, and who sees it. */

export function PrivacyPage(props: {
  ipDays: number;
  trashDays: number;
  spamDays: number;
  notes: string[];
  sections?: PrivacySection[];
}) {
  return (
    <article class="prose">
      <h1>Privacy</h1>
      <p>This page says exactly what this site stores about you, for how long, and who can see it.</p>
      <h2>If you only read</h2>
      <p>
        Nothing is stored about you. Pages load nothing from other websites: no analytics, no fonts, no images or
        scripts from anyone else. The server keeps a short technical log of requests for troubleshooting.
      </p>
      <h2>If you rate or like a film</h2>
      <p>
        Your browser gets a cookie holding a random visitor id, so the site knows which vote is yours. The vote is
        stored with that id and a salted one-way hash of your network address (used only to stop one person voting many
        times); your address itself is never stored.
      </p>
      <h2>If you comment</h2>
      <ul>
        <li>
          <strong>Stored</strong>: your name, email address, website (if you give one), the comment, when you posted it,
          your browser's user-agent text, your visitor id, and a salted one-way hash of your network address.
        </li>
        <li>
          <strong>Shown to everyone</strong> once approved: your name, your website as a link, the comment and its date.
          Your email address is never shown on any page or in any feed.
        </li>
        <li>
          <strong>Seen by</strong> this site's admins and moderators, to moderate comments.
        </li>
        <li>
          <strong>For how long</strong>: approved comments stay until you ask for them to be removed. The
          network-address hash is deleted after {props.ipDays} days. Comments moved to trash are deleted after{' '}
          {props.trashDays} days, comments marked as spam after {props.spamDays} days.
        </li>
        <li>
          <strong>Spam checks</strong> run on this server.{' '}
          {props.notes.length ? props.notes.join(' ') : 'No third party receives your comment or any data about you.'}
        </li>
        <li>
          <strong>Cookies</strong>: if you tick “Save my name, email, and website”, they are kept in a cookie in your
          browser for a year, so the form is filled in next time; untick it to remove them.
        </li>
      </ul>
      <h2>If you ask to be emailed about replies</h2>
      <ul>
        <li>
          <strong>Stored</strong>: your email address, when you asked and when you confirmed (nothing is sent but the
          confirmation until you do), and which of your comments you follow.
        </li>
        <li>
          <strong>Mail we send</strong> waits in an outbox with its text until it is sent; once sent, only your address,
          the time and the kind of mail (“reply”, “confirmation”) are kept, for 30 days, then deleted. At most a few
          reply mails a day reach one address. Mail goes out through the site owner's mail server.
        </li>
        <li>
          <strong>For how long</strong>: until you unsubscribe. Every mail has a link to stop mails about that thread or
          all of them; stopping all of them deletes your address and subscriptions.
        </li>
      </ul>
      {props.sections?.map((section) => (
        <>
          <h2>{section.heading}</h2>
          <ul>
            {section.items.map((item) => (
              <li key={item.what}>
                <strong>{item.what}</strong>: {item.detail}
              </li>
            ))}
          </ul>
        </>
      ))}
      <h2>Your rights</h2>
      <p>
        Ask the site's owner for a copy of everything stored under your email address, or to anonymise or delete your
        comments; they can do both from the admin area, at once. Both include your reply subscriptions and the mail sent
        to you; erasing deletes those.
      </p>
    </article>
  );
}
