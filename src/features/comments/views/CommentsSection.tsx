import { avatarClass, initials } from '../../../lib/avatar.js';
import {
  CSRF_TOKEN,
  CsrfField,
  type FieldValue,
  FORM_STAMP,
  HiddenField,
  PersonalChoice,
  type PersonalTextSlot,
  usePersonalText,
} from '../../../views/render-marks.js';
import { bodyPieces, type CommentFormState, type CommentNode, type FormExtra } from '../comment.js';

/** A field another feature added, as the page's hidden-field value: per-visitor pieces become splice marks. */
function fieldValue(value: FormExtra['value']): FieldValue {
  if (typeof value === 'string') return value;
  return value.map((piece) =>
    typeof piece === 'string' ? piece : piece.perVisitor === 'csrf-token' ? CSRF_TOKEN : FORM_STAMP,
  );
}

function CommentBody(props: { body: string }) {
  return (
    <div class="comment__body">
      {bodyPieces(props.body).map((paragraph, p) => (
        // Paragraphs have no identity but their order.
        <p key={p}>
          {paragraph.map((line, l) => (
            <>
              {l > 0 && <br />}
              {line.map((piece) =>
                'link' in piece ? (
                  <a href={piece.link} rel="nofollow ugc noopener">
                    {piece.link}
                  </a>
                ) : (
                  piece.text
                ),
              )}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

function when(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} at ${d
    .toISOString()
    .slice(11, 16)}`;
}

function CommentItem(props: { node: CommentNode; slug: string; maxDepth: number }) {
  const { node } = props;
  const name = node.authorUrl ? (
    <a href={node.authorUrl} rel="nofollow ugc noopener" class="comment__author">
      {node.authorName}
    </a>
  ) : (
    <span class="comment__author">{node.authorName}</span>
  );
  return (
    <li class="comment" id={`comment-${node.id}`}>
      <article aria-labelledby={`comment-${node.id}-by`}>
        <header class="comment__head">
          <span class={avatarClass(node.authorName)} aria-hidden="true">
            {initials(node.authorName)}
          </span>
          <p class="comment__meta" id={`comment-${node.id}-by`}>
            {name} <span class="visually-hidden">says</span>
            <a class="comment__permalink" href={`#comment-${node.id}`}>
              <time datetime={node.createdAt}>{when(node.createdAt)}</time>
            </a>
          </p>
        </header>
        {node.status === 'pending' && <p class="comment__pending">Your comment is awaiting moderation.</p>}
        <CommentBody body={node.body} />
        {node.status === 'approved' && node.depth < props.maxDepth && (
          <p class="comment__reply">
            <a
              href={`/film/${props.slug}?replytocom=${node.id}#respond`}
              data-reply-to={node.id}
              aria-label={`Reply to ${node.authorName}`}
            >
              Reply
            </a>
          </p>
        )}
      </article>
      {node.replies.length > 0 && (
        <ol class="comment-list comment-list--replies">
          {node.replies.map((reply) => (
            <CommentItem key={reply.id} node={reply} slug={props.slug} maxDepth={props.maxDepth} />
          ))}
        </ol>
      )}
    </li>
  );
}

function TextField(props: {
  name: keyof CommentFormState['values'];
  label: string;
  type: string;
  /** The text, or the visitor's saved detail filled in as the page goes out. */
  value: string | { saved: PersonalTextSlot };
  error?: string;
  required?: boolean;
  autocomplete: string;
}) {
  const id = `comment-${props.name}`;
  const value = typeof props.value === 'string' ? props.value : usePersonalText(props.value.saved);
  return (
    <p class={`comment-form__field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.name === 'authorName' ? 100 : 300}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      {props.error && (
        <span class="field__error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </p>
  );
}

const SaveBox = (props: { checked: boolean }) => (
  <input id="comment-save" name="saveDetails" type="checkbox" value="1" checked={props.checked} />
);

export function CommentsSection(props: {
  slug: string;
  filmTitle: string;
  threads: CommentNode[];
  approvedCount: number;
  page: number;
  pageCount: number;
  maxDepth: number;
  form: CommentFormState;
  replyingTo: { id: number; authorName: string } | null;
  extras: FormExtra[];
  /** Name, email, website and the "save" box come from the visitor's saved details at serve time (shared pages). */
  fillSaved: boolean;
}) {
  const { form } = props;
  const saved = (field: PersonalTextSlot, typed: string) => (props.fillSaved ? { saved: field } : typed);
  // The visitor's own comment awaiting moderation is on the page: "No comments yet" above it would be false.
  const heading =
    props.approvedCount === 0
      ? props.threads.length > 0
        ? 'Comments'
        : 'No comments yet'
      : props.approvedCount === 1
        ? '1 comment'
        : `${props.approvedCount} comments`;
  const pageHref = (n: number) => `/film/${props.slug}${n > 1 ? `?cpage=${n}` : ''}#comments`;
  return (
    <section
      class="comments"
      id="comments"
      aria-labelledby="comments-heading"
      data-island="comments"
      data-slug={props.slug}
    >
      <h2 id="comments-heading">{heading}</h2>
      <p class="comments__feed">
        <a href={`/film/${props.slug}/comments/feed.xml`} type="application/rss+xml">
          Follow these comments (RSS feed)
        </a>
      </p>
      {props.threads.length > 0 && (
        <ol class="comment-list">
          {props.threads.map((node) => (
            <CommentItem key={node.id} node={node} slug={props.slug} maxDepth={props.maxDepth} />
          ))}
        </ol>
      )}
      {props.pageCount > 1 && (
        <nav class="pager" aria-label="Comment pages">
          <ul>
            {props.page > 1 && (
              <li>
                <a href={pageHref(props.page - 1)}>← Older comments</a>
              </li>
            )}
            {props.page < props.pageCount && (
              <li>
                <a href={pageHref(props.page + 1)}>Newer comments →</a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <div class="respond" id="respond">
        <h3 id="reply-title">
          {props.replyingTo ? `Reply to ${props.replyingTo.authorName}` : 'Leave a Reply'}
          {props.replyingTo && (
            <>
              {' '}
              <a class="cancel-reply" href={`/film/${props.slug}#respond`}>
                Cancel reply
              </a>
            </>
          )}
        </h3>
        {/* The fragment survives the POST: with JavaScript off, a refused form comes back scrolled to its errors. */}
        <form method="post" action={`/film/${props.slug}/comments#respond`} class="comment-form" novalidate>
          <CsrfField />
          <input
            type="hidden"
            name="parentId"
            value={props.replyingTo ? String(props.replyingTo.id) : ''}
            data-parent-id
          />
          <CommentFormExtras extras={props.extras} />
          <p class="comment-notes">
            Your email address will not be published. Required fields are marked{' '}
            <span class="required" aria-hidden="true">
              *
            </span>
            <span class="visually-hidden">with an asterisk</span>
          </p>
          {Object.keys(form.errors).length > 0 && (
            <p class="form-error" role="alert">
              Your comment was not posted: please fix the fields marked below.
            </p>
          )}
          <p class={`comment-form__field comment-form__field--body${form.errors.body ? ' field--invalid' : ''}`}>
            <label for="comment-body">
              Comment{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <textarea
              id="comment-body"
              name="body"
              rows={7}
              maxLength={10000}
              required
              aria-invalid={form.errors.body ? 'true' : undefined}
              aria-describedby={form.errors.body ? 'comment-body-error' : undefined}
            >
              {form.values.body}
            </textarea>
            {form.errors.body && (
              <span class="field__error" id="comment-body-error">
                {form.errors.body}
              </span>
            )}
          </p>
          <TextField
            name="authorName"
            label="Name"
            type="text"
            value={saved('saved-name', form.values.authorName)}
            error={form.errors.authorName}
            required
            autocomplete="name"
          />
          <TextField
            name="authorEmail"
            label="Email"
            type="email"
            value={saved('saved-email', form.values.authorEmail)}
            error={form.errors.authorEmail}
            required
            autocomplete="email"
          />
          <TextField
            name="authorUrl"
            label="Website"
            type="url"
            value={saved('saved-url', form.values.authorUrl)}
            error={form.errors.authorUrl}
            autocomplete="url"
          />
          {form.errors.parentId && <p class="field__error">{form.errors.parentId}</p>}
          <p class="comment-form__consent">
            {props.fillSaved ? (
              <PersonalChoice
                slot={{ kind: 'saved-details' }}
                variants={{ '': <SaveBox checked={false} />, saved: <SaveBox checked={true} /> }}
              />
            ) : (
              <SaveBox checked={form.values.saveDetails} />
            )}
            <label for="comment-save">
              Save my name, email, and website in this browser for the next time I comment.
            </label>
          </p>
          <p class="comment-form__consent">
            <input id="comment-notify" name="notifyReplies" type="checkbox" value="1" />
            <label for="comment-notify">Email me when someone replies (we first mail you a link to confirm).</label>
          </p>
          <p class="comment-form__privacy">
            <a href="/privacy">Learn how your comment data is processed</a>.
          </p>
          <p>
            <button type="submit" class="button">
              Post Comment
            </button>
          </p>
        </form>
      </div>
    </section>
  );
}

/** The hidden fields other features add to a comment form (the spam filter's honeypot and stamp). */
export function CommentFormExtras(props: { extras: FormExtra[] }) {
  return (
    <>
      {props.extras.map((extra) =>
        extra.honeypot ? (
          // A field people never see or fill; bots that fill every input give themselves away.
          <p class="hp" aria-hidden="true" key={extra.name}>
            <label for="comment-hp">Leave this empty</label>
            <input id="comment-hp" name={extra.name} type="text" value="" tabIndex={-1} autocomplete="off" />
          </p>
        ) : (
          <HiddenField key={extra.name} name={extra.name} value={fieldValue(extra.value)} />
        ),
      )}
    </>
  );
}
