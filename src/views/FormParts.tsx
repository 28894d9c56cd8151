import type { ComponentChildren } from 'preact';

/** Form pieces the catalog editor needs beyond AdminShell's Field: each keeps its error next to it, by id. */

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function FieldNote(props: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {props.hint && (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value: string;
  rows?: number;
  error?: string;
  hint?: string;
  /** When one page holds several forms with the same field names (default `field-<name>`). */
  id?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value}
      </textarea>
      <FieldNote id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export interface Choice {
  id: number;
  name: string;
  depth?: number;
}

/** A group of checkboxes (categories, genres): works without JavaScript, and each box has its own label. */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  choices: Choice[];
  checked: number[];
  error?: string;
}) {
  const id = `field-${props.name}`;
  return (
    <fieldset
      class={`choice-group${props.error ? ' field--invalid' : ''}`}
      aria-describedby={describedBy(id, undefined, props.error)}
    >
      <legend>{props.legend}</legend>
      <ul class="choice-group__list">
        {props.choices.map((c) => (
          <li key={c.id} class={c.depth ? `choice-group__item--depth-${Math.min(c.depth, 3)}` : undefined}>
            <input
              type="checkbox"
              id={`${id}-${c.id}`}
              name={props.name}
              value={String(c.id)}
              checked={props.checked.includes(c.id)}
            />
            <label for={`${id}-${c.id}`}>{c.name}</label>
          </li>
        ))}
      </ul>
      <FieldNote id={id} error={props.error} />
    </fieldset>
  );
}

export function Select(props: {
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  error?: string;
  hint?: string;
  id?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNote id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** Indent a tree's names in a <select>, where nothing but text is allowed. */
export const indented = (c: Choice) => `${'\u2003'.repeat(c.depth ?? 0)}${c.name}`;
