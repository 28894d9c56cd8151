import { CsrfField, PersonalChoice } from '../../../views/render-marks.js';
import type { FormExtra } from '../comment.js';
import { CommentFormExtras } from './CommentsSection.js';

/** What a refused form shows again: the posted values and, by field, what is wrong. */
export interface FlatThreadForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** A comment in a flat thread (replies to a review, comments on a list): approved, plain text. */
export interface FlatThreadItem {
  id: number;
  authorName: string;
  body: string;
  createdAt: string;
}

const NO_FORM: FlatThreadForm = { values: {}, errors: {} };

const dateOf = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function Input(props: { id: string; name: string; label: string; type?: string; form: FlatThreadForm; hint?: string }) {
  const id = `${props.id}-${props.name}`;
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

/**
 * A flat comment thread with its form, for comments that hang on something other than a film (a member's review, a
 * list): the comments feature stores and moderates them, this shows them. The page is shared from the cache, so the
 * form comes in two variants picked per request: a guest's (name and address) and a member's (the text only).
 */
export function FlatThread(props: {
  /** The section's id (the form's fragment) and the prefix of its fields' ids. */
  anchor: string;
  idPrefix: string;
  class: string;
  heading: string;
  /** "No replies yet." */
  empty: string;
  bodyLabel: string;
  submitLabel: string;
  action: string;
  items: FlatThreadItem[];
  extras: FormExtra[];
  form?: FlatThreadForm;
}) {
  const state = props.form ?? NO_FORM;
  const bodyError = state.errors.body;
  const bodyId = `${props.idPrefix}-body`;
  const form = (member: boolean) => (
    <form method="post" action={`${props.action}#${props.anchor}`} class="form reply-form">
      <CsrfField />
      {!member && (
        <>
          <Input id={props.idPrefix} name="authorName" label="Name" form={state} />
          <Input
            id={props.idPrefix}
            name="authorEmail"
            label="Email"
            type="email"
            form={state}
            hint="Never shown; used only if a moderator needs to reach you."
          />
        </>
      )}
      <div class={`field${bodyError ? ' field--invalid' : ''}`}>
        <label for={bodyId}>{props.bodyLabel}</label>
        <textarea
          id={bodyId}
          name="body"
          rows={4}
          required
          aria-invalid={bodyError ? 'true' : undefined}
          aria-describedby={bodyError ? `${bodyId}-error` : undefined}
        >
          {state.values.body ?? ''}
        </textarea>
        {bodyError && (
          <p class="field__error" id={`${bodyId}-error`}>
            {bodyError}
          </p>
        )}
      </div>
      <CommentFormExtras extras={props.extras} />
      <button type="submit" class="button button--small">
        {props.submitLabel}
      </button>
    </form>
  );
  const headingId = `${props.anchor}-heading`;
  return (
    <section class={props.class} id={props.anchor} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {props.heading} {props.items.length > 0 && `(${props.items.length})`}
      </h2>
      {props.items.length === 0 && <p>{props.empty}</p>}
      {props.items.map((c) => (
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
