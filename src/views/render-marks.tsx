import { randomUUID } from 'node:crypto';
import { createContext, type VNode } from 'preact';
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

/**
 * A part of a shared page that depends on who looks (docs/decisions/022): the visitor's own vote on a film, whether
 * they like it, whether they asked the site to remember their comment details. The page carries every variant,
 * rendered once; the page cache picks the visitor's at serve time from a small per-visitor lookup.
 */
export type PersonalChoiceSlot =
  | { kind: 'rating'; filmId: number }
  | { kind: 'like'; filmId: number }
  | { kind: 'saved-details' }
  /** The header's member part: "Sign in / Join" for guests, the signed-in member's name and "Sign out" (decision 026). */
  | { kind: 'member' }
  /** The watchlist button: '' a guest ("sign in"), 'member' not on their list, 'listed' on it (decision 033). */
  | { kind: 'watchlist'; filmId: number }
  /** What only a profile's owner sees on their shared profile page: 'owner' for them, '' for everyone else. */
  | { kind: 'owner'; memberId: number }
  /**
   * A review's like form: '' a guest ("sign in"), 'owner' its author (no like), 'member' a member who does not like
   * it ("Like"), 'liked' one who does ("Take back").
   */
  | { kind: 'review-like'; reviewId: number; authorId: number };
/**
 * Free text of the visitor's own, escaped and put in at serve time: saved comment details from their signed cookie,
 * or the signed-in member's name and handle (the only text slots a choice's variant may hold).
 */
export type PersonalTextSlot = 'saved-name' | 'saved-email' | 'saved-url' | 'member-name' | 'member-handle';

export interface PersonalMark {
  mark: string;
  slot: PersonalChoiceSlot | { kind: 'text'; field: PersonalTextSlot };
  /** For a choice: each variant's markup, by the variant's name ('' = the anonymous visitor's). */
  variants?: Record<string, VNode>;
  /**
   * Filled by sendPage: the variants rendered so far (with this render's CSRF and stamp marks in them); the anonymous
   * one at once, the others on first need (decision 046). A rendered variant's VNode is dropped from `variants`.
   */
  rendered?: Record<string, string>;
  /** Set by sendPage: renders variant `name` (once; later calls return the same HTML), undefined when it has none. */
  render?: (name: string) => string | undefined;
}

/** One render's marks, and whether the page used them (a page without forms needs no splicing at all). */
export interface SpliceMarks {
  readonly nonce: string;
  readonly csrf: string;
  readonly stamp: string;
  used: boolean;
  /** The personal parts drawn in this render, in the order their marks were handed out. */
  personal: PersonalMark[];
}

export function newSpliceMarks(): SpliceMarks {
  // randomUUID draws from a buffered pool: cheaper than randomBytes per render, 122 random bits each.
  const nonce = randomUUID();
  return { nonce, csrf: `rh-${nonce}-c`, stamp: `rh-${nonce}-s`, used: false, personal: [] };
}

/** Every mark of this render, as a pattern that finds them and says which one (group 1: c, s or p<n>). */
export const markPattern = (marks: SpliceMarks) => new RegExp(`rh-${marks.nonce}-(c|s|p\\d+)`, 'g');

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

function useMarks(what: string): SpliceMarks {
  const marks = useContext(SpliceContext);
  if (!marks) throw new Error(`${what} was rendered outside sendPage`);
  marks.used = true;
  return marks;
}

function addPersonal(marks: SpliceMarks, entry: Omit<PersonalMark, 'mark'>): string {
  const mark = `rh-${marks.nonce}-p${marks.personal.length}`;
  marks.personal.push({ mark, ...entry });
  return mark;
}

/**
 * A part of a shared page that differs per visitor: every variant is rendered, and the page cache sends each visitor
 * theirs (`''` is what a visitor with no state of their own sees). Variants may hold CSRF fields, not other choices.
 */
export function PersonalChoice(props: {
  slot: PersonalChoiceSlot;
  variants: Record<string, VNode>;
  /** Outside sendPage (the error page), render the anonymous variant instead of refusing. */
  anonymousOutsidePages?: boolean;
}) {
  if (!('' in props.variants)) throw new Error('A personal part needs a variant for anonymous visitors');
  const outside = useContext(SpliceContext) === null;
  if (outside && props.anonymousOutsidePages) return props.variants[''] ?? null;
  const marks = useMarks('A personal part');
  return <>{addPersonal(marks, { slot: props.slot, variants: props.variants })}</>;
}

/** An attribute value the visitor saved in their own cookie (their name in the comment form), filled at serve time. */
export function usePersonalText(field: PersonalTextSlot): string {
  return addPersonal(useMarks('A personal field'), { slot: { kind: 'text', field } });
}

/** The `_csrf` field every form that writes carries. */
export const CsrfField = () => <HiddenField name="_csrf" value={CSRF_ONLY} />;
