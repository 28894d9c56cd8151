import { randomUUID } from 'node:crypto';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * Personal values in shared pages. A cached page is the same HTML for every visitor, yet each visitor's forms need
 * their own CSRF token and a fresh "form shown at" stamp (ctx.formStamp). Views mark where those go; the page cache
 * cuts the page at the marks and splices the visitor's values in on the way out, also on a cache hit.
 *
 * The marks are drawn fresh for every render (`newSpliceMarks`, a random UUID each) and reach the views only through a
 * Preact context, so only the hidden fields rendered here can write them. That makes finding them in the rendered
 * HTML the same as splicing at positions recorded during the render: every piece of user text on the page (a
 * comment, a synopsis, a name) was stored before the marks were drawn, and the marks are never sent to anyone — they
 * are replaced before a byte leaves — so no stored text can contain them. A fixed marker (the old
 * `__reelhouse_csrf__`) could be typed into a comment and was replaced there too, showing each visitor their token.
 */

export const CSRF_TOKEN = Symbol('the visitor’s CSRF token');
export const FORM_STAMP = Symbol('a fresh form stamp');
export type SplicedValue = typeof CSRF_TOKEN | typeof FORM_STAMP;

/** A hidden field's value: plain text, or pieces of which some are spliced in per visitor (e.g. `stamp.token`). */
export type FieldValue = string | readonly (string | SplicedValue)[];

/** One render's marks, and whether the page used them (a page without forms needs no splicing at all). */
export interface SpliceMarks {
  readonly csrf: string;
  readonly stamp: string;
  used: boolean;
}

export function newSpliceMarks(): SpliceMarks {
  // randomUUID draws from a buffered pool: cheaper than randomBytes per render, 122 random bits each.
  const nonce = randomUUID();
  return { csrf: `rh-${nonce}-c`, stamp: `rh-${nonce}-s`, used: false };
}

declare module 'fastify' {
  interface FastifyReply {
    /** The marks of the page this reply sends, when it has personal fields: the page cache cuts the page at them. */
    spliceMarks: SpliceMarks | null;
  }
}

const SpliceContext = createContext<SpliceMarks | null>(null);

/** Supplies one render's marks to the fields below it (render.tsx wraps every page in it). */
export const SpliceMarksProvider = SpliceContext.Provider;

function resolve(value: FieldValue, marks: SpliceMarks | null): string {
  if (typeof value === 'string') return value;
  if (!marks) throw new Error('A form field with a CSRF token or form stamp was rendered outside sendPage');
  marks.used = true;
  return value
    .map((piece) => (piece === CSRF_TOKEN ? marks.csrf : piece === FORM_STAMP ? marks.stamp : piece))
    .join('');
}

/** A hidden input whose value may hold the visitor's CSRF token or a form stamp, spliced in as the page goes out. */
export function HiddenField({ name, value }: { name: string; value: FieldValue }) {
  const marks = useContext(SpliceContext);
  return <input type="hidden" name={name} value={resolve(value, marks)} />;
}

const CSRF_ONLY: FieldValue = [CSRF_TOKEN];

/** The `_csrf` field every form that writes carries. */
export const CsrfField = () => <HiddenField name="_csrf" value={CSRF_ONLY} />;
