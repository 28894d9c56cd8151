import type { ComponentChildren } from 'preact';
import { CsrfField } from './render-marks.js';

export interface AdminUser {
  email: string;
  role: 'admin' | 'moderator';
}

const SECTIONS: Array<{ href: string; label: string; role: 'admin' | 'moderator' }> = [
  { href: '/admin', label: 'Dashboard', role: 'moderator' },
  { href: '/admin/comments', label: 'Comments', role: 'moderator' },
  { href: '/admin/members', label: 'Members', role: 'moderator' },
  { href: '/admin/reviews', label: 'Reviews', role: 'moderator' },
  { href: '/admin/films', label: 'Films', role: 'admin' },
  { href: '/admin/categories', label: 'Categories', role: 'admin' },
  { href: '/admin/genres', label: 'Genres', role: 'admin' },
  { href: '/admin/tags', label: 'Tags', role: 'admin' },
  { href: '/admin/lists', label: 'Lists', role: 'admin' },
  { href: '/admin/pages', label: 'Pages', role: 'admin' },
  { href: '/admin/import', label: 'Import', role: 'admin' },
  { href: '/admin/drafts', label: 'Imported drafts', role: 'admin' },
  { href: '/admin/users', label: 'Users', role: 'admin' },
  { href: '/admin/tokens', label: 'API tokens', role: 'admin' },
  { href: '/admin/settings', label: 'Settings', role: 'admin' },
  { href: '/admin/audit', label: 'Audit log', role: 'admin' },
  { href: '/admin/mail', label: 'Mail log', role: 'admin' },
  { href: '/admin/notifications', label: 'My notifications', role: 'moderator' },
  { href: '/admin/privacy', label: 'Commenter data', role: 'admin' },
];

/** The admin area inside the site layout: a section nav for the user's role, then the page. */
export function AdminShell(props: {
  user: AdminUser;
  current: string;
  title: string;
  flash?: string | null;
  children: ComponentChildren;
  /** Sections that exist in this build; links to sections not built yet are not shown. */
  available?: string[];
}) {
  const sections = SECTIONS.filter(
    (s) =>
      (s.role === 'moderator' || props.user.role === 'admin') && (!props.available || props.available.includes(s.href)),
  );
  return (
    <div class="admin">
      <aside class="admin__side">
        <nav aria-label="Admin">
          <ul class="admin__nav">
            {sections.map((s) => (
              <li key={s.href}>
                <a href={s.href} aria-current={s.href === props.current ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="admin__who">
          <p>
            Signed in as <strong>{props.user.email}</strong> ({props.user.role})
          </p>
          <form method="post" action="/admin/logout">
            <CsrfField />
            <button type="submit" class="link-button">
              Log out
            </button>
          </form>
          <form method="post" action="/admin/logout-everywhere">
            <CsrfField />
            <button type="submit" class="link-button">
              Log out everywhere
            </button>
          </form>
        </div>
      </aside>
      <section class="admin__main">
        <h1>{props.title}</h1>
        {props.flash && (
          <p class="flash" role="status">
            {props.flash}
          </p>
        )}
        {props.children}
      </section>
    </div>
  );
}

/** A labelled form field with its error next to it (the error also names the field for screen readers). */
export function Field(props: {
  name: string;
  label: string;
  /** When one page holds several forms with the same field names (default `field-<name>`). */
  id?: string;
  type?: string;
  value?: string | number;
  error?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  step?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? undefined : String(props.value)}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
