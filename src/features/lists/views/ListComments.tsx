import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import { CommentFormExtras, type FormExtra } from '../../comments/index.js';

import type { ListComment } from '../list.js';

/** What a refused comment form shows again. */
export interface ListCommentForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const EMPTY: ListCommentForm = { values: {}, errors: {} };

function Input(props: { name: string; label: string; type?: string; form: ListCommentForm; hint?: string }) {
  const id = `list-comment-${props.name}`;
  const error = props.form.errors[props.name];
  const note = error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form.values[props.name] ?? ''}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={note}
      />
      {(error || props.hint) && (
        <p class={error ? 'field__error' : 'field__hint'} id={note}>
          {error ?? props.hint}
        </p>
      )}
    </div>
  );
}

function Body(props: { form: ListCommentForm }) {
  const error = props.form.errors.body;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for="list-comment-body">Your comment</label>
      <textarea
        id="list-comment-body"
        name="body"
        rows={4}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'list-comment-body-error' : undefined}
      >
        {props.form.values.body ?? ''}
      </textarea>
      {error && (
        <p class="field__error" id="list-comment-body-error">
          {error}
        </p>
      )}
    </div>
  );
}

const dateOf = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The list's comment thread and form. The page is shared from the cache, so the form comes in two variants picked per
 * request: a guest's (name and address) and a member's (the text only: they comment as themselves).
 */
export function ListComments(props: {
  listId: number;
  comments: ListComment[];
  extras: FormExtra[];
  form?: ListCommentForm;
}) {
  const state = props.form ?? EMPTY;
  const form = (member: boolean) => (
    <form method="post" action={`/lists/${props.listId}/comments#comments`} class="form reply-form">
      <CsrfField />
      {!member && (
        <>
          <Input name="authorName" label="Name" form={state} />
          <Input
            name="authorEmail"
            label="Email"
            type="email"
            form={state}
            hint="Never shown; used only if a moderator needs to reach you."
          />
        </>
      )}
      <Body form={state} />
      <CommentFormExtras extras={props.extras} />
      <button type="submit" class="button button--small">
        Post comment
      </button>
    </form>
  );
  return (
    <section class="list-comments" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments {props.comments.length > 0 && `(${props.comments.length})`}</h2>
      {props.comments.length === 0 && <p>No comments yet.</p>}
      {props.comments.map((c) => (
        <article class="comment" id={`comment-${c.id}`} key={c.id}>
          <p class="comment__meta">
            <span class="comment__author">{c.authorName}</span> ·{' '}
            <time datetime={c.createdAt}>{dateOf(c.createdAt)}</time>
          </p>
          <div class="comment__body">
            {c.body.split(/\n{2,}/).map((paragraph, i) => (
              // Paragraphs have no identity but their order; the text is plain and escaped.
              <p key={i}>{paragraph}</p>
            ))}
          </div>
        </article>
      ))}
      <PersonalChoice slot={{ kind: 'member' }} variants={{ '': form(false), member: form(true) }} />
    </section>
  );
}
