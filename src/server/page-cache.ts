import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { COMMENTER_COOKIE, type SavedDetails } from '../features/comments/index.js';
import type { AppContext } from '../kernel/context.js';
import { CSRF_COOKIE, CSRF_TOKEN_LENGTH, type CsrfTokens, rawCookie } from '../kernel/csrf.js';
import { MEMBER_COOKIE, type SignedInMember } from '../kernel/member.js';
import { FLASH_COOKIE, VISITOR_COOKIE } from '../kernel/visitor.js';
import type { PersonalChoiceSlot, PersonalTextSlot, SpliceMarks } from '../views/render-marks.js';
import {
  brotliTemplate,
  checks,
  type EncodedTemplate,
  type Encoding,
  encodedOnce,
  fillImage,
  fillTemplate,
  gzipJoin,
  gzipTemplate,
  imageOf,
  negotiate,
  type TemplateImage,
  type TemplatePart,
} from './compression.js';
import { VisitorStates, type VisitorView } from './visitor-states.js';

/** Set on a visitor's answers to their writes: the latest change number then known (docs/decisions/022). */
export const SEEN_COOKIE = 'rh_seen';
const SEEN_MAX_AGE_S = 400 * 24 * 3600;

type Slot =
  | { t: 'csrf' }
  | { t: 'stamp' }
  /**
   * The visitor's variant of a personal part; each variant is cut at its own CSRF and stamp marks. `lazy`: variants
   * not rendered yet, rendered and cut on the first request of a viewer who sees one (decision 046).
   */
  | { t: 'choice'; slot: PersonalChoiceSlot; variants: Map<string, Seg[]>; lazy: LazyVariants | null }
  | { t: 'text'; field: PersonalTextSlot };
/** A personal part's variants still to render: their names, the render's marks (to cut them) and its renderer. */
interface LazyVariants {
  names: Set<string>;
  marks: SpliceMarks;
  render: (name: string) => string | undefined;
}
/** A stored page is bytes and slots in order; bytes are pre-encoded so a hit is memory copies, not UTF-8 encoding. */
type Seg = Buffer | Slot;
const CSRF: Slot = { t: 'csrf' };
const STAMP: Slot = { t: 'stamp' };

interface CachedPage {
  url: string;
  /** The latest change known when the render started: the page shows at least that. */
  renderedAt: number;
  /** The content keys it shows (decision 022); null: any change retires it. */
  keys: string[] | null;
  segs: Seg[];
  /** The page for a visitor with nothing of their own: every personal part at its anonymous variant. */
  plain: Seg[];
  /** Whether any part differs per visitor beyond the CSRF token and stamp. */
  personal: boolean;
  /** Served from the cache only to visitors with nothing of their own (`pageCache: 'anonymous'`). */
  anonymousOnly: boolean;
  needsStamp: boolean;
  /** Films whose personal parts the page shows (a visitor's pending comment on one takes them off the cache). */
  films: number[];
  etag: string | null;
  /** Per combination of personal variants seen (decision 040): the page as fixed bytes and holes, compressed once. */
  templates: Map<string, Template>;
  templateBytes: number;
  /** Bytes of variants rendered after the page was stored (not in the LRU's size; counted beside it). */
  lazyBytes: number;
  /** Precomputed [name, value, …] lists: for a visitor without state, and for one with personal parts filled. */
  headers: string[];
  personalHeaders: string[];
}

/** Who is looking, for the personal parts: their votes and likes, their saved comment details, their account. */
interface Viewer {
  view: VisitorView | null;
  saved: SavedDetails | null;
  member: SignedInMember | null;
}

/**
 * Member sessions by raw cookie value (features/members): `peek` answers from memory or says "read it first"
 * (undefined), `load` reads. A signed-in member is served from the cache like a guest who voted (decision 026).
 */
export interface MemberLookup {
  peek(rawCookie: string): SignedInMember | null | undefined;
  load(rawCookie: string): Promise<SignedInMember | null>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache this GET route's 200 answers per URL until the content it shows changes. `anonymous`: only for visitors
     * with no personal cookie; others get a fresh render.
     */
    pageCache?: boolean | 'anonymous';
  }
  interface FastifyRequest {
    pageCacheVersion?: number;
    pageViewer?: Viewer | null;
    /** Set on the request whose render others for the same URL wait for. */
    pageFlight?: Flight;
  }
}

/**
 * One render of a URL under way (single flight): requests for the same URL that miss meanwhile wait for it and are
 * answered from what it stored, instead of each rendering the same page.
 */
interface Flight {
  done: Promise<void>;
  settle(): void;
  /** The render failed (5xx): its waiters get the same answer, which is not stored. */
  failure?: { statusCode: number; contentType: string; body: string; marks: SpliceMarks | null };
}

/** A render slower than this is not waited for: the waiters render for themselves. */
const FLIGHT_WAIT_MS = 10_000;

function newFlight(): Flight {
  let settle = () => {};
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { done, settle };
}

const modeOf = (request: FastifyRequest) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const config = request.routeOptions.config;
  return config?.auth ? undefined : config?.pageCache;
};

/**
 * Cut a rendered page at this render's marks (decision 019): only marks drawn for this render are cut at. Found with
 * indexOf on the render's own prefix (the same marks as `markPattern`): the regex took a twelfth of a cold render.
 */
function cut(body: string, marks: SpliceMarks, nested = false): Seg[] {
  const segs: Seg[] = [];
  const prefix = `rh-${marks.nonce}-`;
  let at = 0;
  for (let found = body.indexOf(prefix); found >= 0; found = body.indexOf(prefix, found + 1)) {
    const kind = body.charCodeAt(found + prefix.length);
    let end = found + prefix.length + 1;
    if (kind === 0x70 /* p */) {
      while (end < body.length && body.charCodeAt(end) >= 0x30 && body.charCodeAt(end) <= 0x39) end++;
      if (end === found + prefix.length + 1) continue;
    } else if (kind !== 0x63 /* c */ && kind !== 0x73 /* s */) continue;
    if (found > at) segs.push(Buffer.from(body.slice(at, found)));
    at = end;
    if (kind === 0x63) segs.push(CSRF);
    else if (kind === 0x73) segs.push(STAMP);
    else {
      const entry = marks.personal[Number(body.slice(found + prefix.length + 1, end))];
      if (!entry) throw new Error('A personal mark out of place');
      if (entry.slot.kind === 'text') segs.push({ t: 'text', field: entry.slot.field });
      else if (nested) throw new Error('A personal part inside another');
      else {
        const variants = new Map<string, Seg[]>();
        for (const [name, html] of Object.entries(entry.rendered ?? {})) variants.set(name, cut(html, marks, true));
        const later = Object.keys(entry.variants ?? {}).filter((name) => !variants.has(name));
        const lazy = later.length > 0 && entry.render ? { names: new Set(later), marks, render: entry.render } : null;
        segs.push({ t: 'choice', slot: entry.slot, variants, lazy });
      }
    }
  }
  if (at < body.length || segs.length === 0) segs.push(Buffer.from(body.slice(at)));
  return segs;
}

/** The variant of a personal part this viewer sees. */
function variantOf(slot: PersonalChoiceSlot, viewer: Viewer | null): string {
  if (!viewer) return '';
  switch (slot.kind) {
    case 'rating': {
      const stars = viewer.view?.votes.get(slot.filmId);
      return stars === undefined ? '' : String(stars);
    }
    case 'like':
      return viewer.view?.likes.has(slot.filmId) ? 'liked' : '';
    case 'saved-details':
      return viewer.saved ? 'saved' : '';
    case 'member':
      return viewer.member ? 'member' : '';
    case 'watchlist':
      if (!viewer.member) return '';
      return viewer.view?.watchlist.has(slot.filmId) ? 'listed' : 'member';
    case 'owner':
      return viewer.member?.id === slot.memberId ? 'owner' : '';
    case 'review-like':
      if (!viewer.member) return '';
      if (viewer.member.id === slot.authorId) return 'owner';
      return viewer.view?.reviewLikes.has(slot.reviewId) ? 'liked' : 'member';
  }
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c]!);

function textOf(field: PersonalTextSlot, viewer: Viewer | null): string {
  if (field === 'member-name') return escapeAttribute(viewer?.member?.displayName ?? '');
  if (field === 'member-handle') return escapeAttribute(viewer?.member?.handle ?? '');
  const saved = viewer?.saved;
  if (!saved) return '';
  const value =
    field === 'saved-name' ? saved.authorName : field === 'saved-email' ? saved.authorEmail : saved.authorUrl;
  return escapeAttribute(value);
}

/** The page's pieces for one viewer, with their token and stamp: bytes and short strings, in order. */
function resolve(segs: Seg[], viewer: Viewer | null, token: string, stamp: string, out: (Buffer | string)[]): void {
  for (const seg of segs) {
    if (Buffer.isBuffer(seg)) out.push(seg);
    else if (seg.t === 'csrf') out.push(token);
    else if (seg.t === 'stamp') out.push(stamp);
    else if (seg.t === 'text') out.push(textOf(seg.field, viewer));
    else {
      const variant = seg.variants.get(variantOf(seg.slot, viewer)) ?? seg.variants.get('');
      if (variant) resolve(variant, viewer, token, stamp, out);
    }
  }
}

/** Adjacent bytes joined, so a hit writes as few pieces as it can. */
function joined(segs: Seg[]): Seg[] {
  const out: Seg[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length > 0) out.push(run.length === 1 ? run[0]! : Buffer.concat(run));
    run = [];
  };
  for (const seg of segs) {
    if (Buffer.isBuffer(seg)) run.push(seg);
    else {
      flush();
      out.push(seg);
    }
  }
  flush();
  return out;
}

/** The page as a visitor with nothing of their own sees it (every choice at its '' variant), slots left for token. */
function plainOf(segs: Seg[]): Seg[] {
  const flat: Seg[] = [];
  const walk = (list: Seg[]) => {
    for (const seg of list) {
      if (Buffer.isBuffer(seg) || seg.t === 'csrf' || seg.t === 'stamp') flat.push(seg);
      else if (seg.t === 'choice') walk(seg.variants.get('') ?? []);
      // A text slot is empty for them.
    }
  };
  walk(segs);
  return joined(flat);
}

const needs = (segs: Seg[], t: 'csrf' | 'stamp'): boolean =>
  segs.some(
    (seg) =>
      !Buffer.isBuffer(seg) &&
      (seg.t === t || (seg.t === 'choice' && [...seg.variants.values()].some((v) => needs(v, t)))),
  );

const filmsOf = (segs: Seg[]): number[] => {
  const films = new Set<number>();
  for (const seg of segs)
    if (!Buffer.isBuffer(seg) && seg.t === 'choice' && 'filmId' in seg.slot) films.add(seg.slot.filmId);
  return [...films];
};

/** A per-response piece of a template. */
type Hole = { t: 'csrf' } | { t: 'stamp' } | { t: 'text'; field: PersonalTextSlot };

/**
 * A stored page for one combination of personal variants (decision 040): fixed bytes (variants resolved, adjacent
 * bytes merged, so a voter's page is as few pieces as an anonymous one) and holes, with its compressed forms.
 */
interface Template {
  page: CachedPage;
  parts: TemplatePart[];
  holes: Hole[];
  gzip: EncodedTemplate | null;
  br: EncodedTemplate | null;
  /** Every hole a token or stamp (fixed length): answers can be one buffer each (the images below). */
  fixed: boolean;
  /**
   * Each answer as one buffer with the holes at fixed places; null until an answer needs it (identity: the first
   * answer asking for no compression; gzip and brotli: when compressed).
   */
  image: TemplateImage | null;
  gzipImage: TemplateImage | null;
  brImage: TemplateImage | null;
  building: boolean;
  /** Answers that asked for compression before it was built. */
  asked: number;
  bytes: number;
}

/** Memory for stored pages (their bytes and rendered variants; templates are budgeted apart). */
const PAGE_CACHE_BYTES = 64 * 1024 * 1024;
/** A page keeps at most this many combinations (a film page: anonymous, and its voters' stars × like). */
const TEMPLATES_PER_PAGE = 24;
/** Compressed answers a template waits for before it is compressed, and how many are compressed at once. */
const COMPRESS_AFTER = 8;
const BUILDS_AT_ONCE = 2;
/** Memory for templates across the cache; past it, answers are spliced per response as before. */
const TEMPLATE_BUDGET = 48 * 1024 * 1024;

/** Which variant of each personal part the viewer sees, and whether they have personal text: the template's key. */
function combinationOf(segs: Seg[], viewer: Viewer): string {
  const texts = viewer.saved !== null || viewer.member !== null;
  let key = texts ? 't' : '';
  let own = texts;
  for (const seg of segs) {
    if (Buffer.isBuffer(seg) || seg.t !== 'choice') continue;
    const variant = variantOf(seg.slot, viewer);
    if (variant !== '' && seg.variants.has(variant)) {
      key += `|${variant}`;
      own = true;
    } else key += '|';
  }
  // Nothing of their own on this page (a voter on a film they did not vote on): the anonymous page, byte for byte,
  // so they share its template rather than each page keeping a copy for them (decision 046).
  return own ? key : '';
}

function templateOf(
  page: CachedPage,
  segs: Seg[],
  viewer: Viewer | null,
  texts: boolean,
  stampLength: number,
  /** The parts are the page's own plain buffers (the anonymous combination): no more memory for them. */
  sharesPlain = false,
): Template {
  const parts: TemplatePart[] = [];
  const holes: Hole[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(run.length === 1 ? run[0]! : Buffer.concat(run));
    run = [];
  };
  const walk = (list: Seg[]) => {
    for (const seg of list) {
      if (Buffer.isBuffer(seg)) run.push(seg);
      else if (seg.t === 'csrf' || seg.t === 'stamp') {
        flush();
        parts.push(seg.t === 'csrf' ? CSRF_TOKEN_LENGTH : stampLength);
        holes.push(seg);
      } else if (seg.t === 'text') {
        // Empty for a viewer with neither saved details nor an account: nothing to fill.
        if (!texts) continue;
        flush();
        parts.push(-1);
        holes.push(seg);
      } else {
        const variant = seg.variants.get(variantOf(seg.slot, viewer)) ?? seg.variants.get('');
        if (variant) walk(variant);
      }
    }
  };
  walk(segs);
  flush();
  const bytes = sharesPlain
    ? 0
    : parts.reduce<number>((n, part) => n + (typeof part === 'number' ? 0 : part.length), 0);
  return {
    page,
    parts,
    holes,
    gzip: null,
    br: null,
    fixed: holes.every((hole) => hole.t !== 'text'),
    image: null,
    gzipImage: null,
    brImage: null,
    building: false,
    asked: 0,
    bytes,
  };
}

const EMPTY = Buffer.alloc(0);

const WHOLE: readonly Encoding[] = ['br', 'gzip'];
const SPLICED: readonly Encoding[] = ['gzip'];

/** A page's pieces in the chosen encoding: the bytes to write and their length (decision 022, addendum). */
function encodePieces(
  pieces: (Buffer | string)[],
  encoding: Encoding | null,
): { chunks: (Buffer | string)[]; length: number } {
  if (encoding === null) {
    let length = 0;
    for (const piece of pieces) length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    return { chunks: pieces, length };
  }
  if (pieces.length === 1 && Buffer.isBuffer(pieces[0])) {
    const body = encodedOnce(pieces[0], encoding);
    return { chunks: [body], length: body.length };
  }
  return gzipJoin(pieces);
}

/** The encoding for an answer that has these: a whole body has brotli and gzip kept; a spliced one, see Template. */
const encodingFor = (accept: string | string[] | undefined, available: readonly Encoding[]): Encoding | null =>
  negotiate(typeof accept === 'string' ? accept : undefined, available);

const etagFor = (etag: string, encoding: Encoding | null) => (encoding ? `${etag.slice(0, -1)}.${encoding}"` : etag);

const matches = (header: string | undefined, etag: string) =>
  header !== undefined &&
  (header === etag || header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*'));

export type FrontCache = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Whole-response cache for public pages: reads far outnumber writes, so a warm page is one map lookup. Each entry
 * records the change number it was rendered at and the content keys it shows, and is retired once one of those keys
 * changes (docs/decisions/022). Every visitor is served from it: the parts that differ per visitor (CSRF token, form
 * stamp, their vote, like and saved details) are filled in at marks recorded during the render (decision 019). The
 * hit path runs before Fastify (decision 008).
 */
export function registerPageCache(
  app: FastifyInstance,
  ctx: AppContext,
  security: Record<string, string>,
  csrf: () => CsrfTokens,
  /** A fresh signed \"form shown at\" stamp for the forms' stamp fields (the spam filter's). */
  formStamp: () => string,
  members: MemberLookup,
): FrontCache {
  // Set by sendPage and by pages; declared here so every reply has the same shape from the start.
  app.decorateReply('spliceMarks', null);
  app.decorateReply('contentKeys', null);
  app.decorateReply('privatePage', false);
  app.decorateRequest('pageViewer', undefined);
  const { versions } = ctx;
  const states = new VisitorStates(ctx.db, versions, (value) => app.unsignCookie(value));
  /** The buffer answers spliced per response are gathered in; EMPTY while a write may still read it. */
  let scratch = EMPTY;
  /** Bytes held by templates of pages still in the cache (decision 040). */
  let templateBytes = 0;
  /** Bytes of variants rendered after their pages were stored, for pages still in the cache (decision 046). */
  let lazyBytes = 0;
  const cache = new LRUCache<string, CachedPage>({
    maxSize: PAGE_CACHE_BYTES,
    sizeCalculation: (page) => size(page.segs) + 400,
    dispose: (page) => {
      templateBytes -= page.templateBytes;
      lazyBytes -= page.lazyBytes;
    },
  });

  const flights = new Map<string, Flight>();
  const waitFor = async (flight: Flight) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FLIGHT_WAIT_MS);
    });
    await Promise.race([flight.done, late]);
    clearTimeout(timer);
  };

  const seenOf = (cookieHeader: string | undefined) => {
    const raw = rawCookie(cookieHeader, SEEN_COOKIE);
    const seen = raw ? Number(raw) : 0;
    return Number.isSafeInteger(seen) && seen > 0 ? seen : 0;
  };

  /**
   * The viewer from the raw Cookie header without waiting: null for nobody in particular, undefined when their
   * state must first be read (or the page is theirs alone: a flash message), which the Fastify path does.
   */
  const viewerNow = (cookieHeader: string | undefined): Viewer | null | undefined => {
    if (!cookieHeader) return null;
    if (rawCookie(cookieHeader, FLASH_COOKIE)) return undefined;
    const seen = seenOf(cookieHeader);
    if (seen > versions.latest()) return undefined;
    const session = rawCookie(cookieHeader, MEMBER_COOKIE);
    const member = session ? members.peek(session) : null;
    if (member === undefined) return undefined;
    // A member sees as their own visitor id, never the browser's anonymous one.
    const visitor = member ? null : rawCookie(cookieHeader, VISITOR_COOKIE);
    const view = member ? states.peekMember(member.visitorId, seen) : visitor ? states.peek(visitor, seen) : null;
    if (view === undefined) return undefined;
    const commenter = rawCookie(cookieHeader, COMMENTER_COOKIE);
    const saved = commenter ? states.savedDetails(commenter) : null;
    return view || saved || member ? { view, saved, member } : null;
  };

  /** The viewer, reading what is not in memory yet; also brings the known changes up to date. */
  const viewerLater = async (cookieHeader: string | undefined): Promise<Viewer | null> => {
    const seen = seenOf(cookieHeader);
    await versions.catchUp(seen);
    if (!cookieHeader) return null;
    const upTo = Math.min(seen, versions.latest());
    const session = rawCookie(cookieHeader, MEMBER_COOKIE);
    const member = session ? await members.load(session) : null;
    const visitor = member ? null : rawCookie(cookieHeader, VISITOR_COOKIE);
    const view = member
      ? await states.loadMember(member.visitorId, upTo)
      : visitor
        ? await states.load(visitor, upTo)
        : null;
    const commenter = rawCookie(cookieHeader, COMMENTER_COOKIE);
    const saved = commenter ? states.savedDetails(commenter) : null;
    return view || saved || member ? { view, saved, member } : null;
  };

  const current = (page: CachedPage) =>
    page.keys === null ? versions.latest() <= page.renderedAt : versions.isCurrent(page.renderedAt, page.keys);

  /** Their own comment awaiting moderation is on this page: it is rendered for them alone. */
  const theirsAlone = (page: CachedPage, viewer: Viewer | null) =>
    viewer?.view ? page.films.some((film) => viewer.view!.pending.has(film)) : false;

  /** Write a cached page: precomputed headers, the viewer's parts put between the stored bytes. */
  const writeHit = (
    hit: CachedPage,
    req: IncomingMessage,
    res: ServerResponse,
    cookieHeader: string | undefined,
    secure: boolean,
    viewer: Viewer | null,
  ) => {
    const head = req.method === 'HEAD';
    const personal = viewer !== null && hit.personal;
    if (personal) variantsFor(hit, hit.segs, viewer);
    // A viewer with nothing of their own on this page gets the plain page, as anyone (decision 046).
    const key = personal ? combinationOf(hit.segs, viewer) : '';
    const segs = key !== '' ? hit.segs : hit.plain;
    if (segs.length === 1 && Buffer.isBuffer(segs[0])) {
      const encoding = encodingFor(req.headers['accept-encoding'], WHOLE);
      const etag = hit.etag ? etagFor(hit.etag, encoding) : null;
      if (etag && matches(req.headers['if-none-match'], etag)) {
        res.writeHead(304, [...hit.headers, 'etag', etag]).end();
        return;
      }
      const body = encoding ? encodedOnce(segs[0], encoding) : segs[0];
      const headers = [...hit.headers];
      if (etag) headers.push('etag', etag);
      if (encoding) headers.push('content-encoding', encoding);
      headers.push('content-length', String(body.length));
      res.writeHead(200, headers);
      res.end(head ? undefined : body);
      return;
    }
    const { token, setCookie } = csrf().issue(rawCookie(cookieHeader, CSRF_COOKIE), secure);
    const stamp = hit.needsStamp ? formStamp() : '';
    const template = templateFor(hit, key, segs, key !== '' ? viewer : null);
    let encoding: Encoding | null = null;
    let body: { chunks: (Buffer | string)[]; length: number };
    if (template && !head && template.fixed) {
      // Every hole a token or stamp (ASCII, fixed length): one buffer per answer (decision 040).
      const accept = req.headers['accept-encoding'];
      if (!template.building && encodingFor(accept, WHOLE)) askedToCompress(template);
      const chosen = encodingFor(accept, template.br ? WHOLE : SPLICED);
      if (chosen === null && !template.image) identityImage(template);
      const image = chosen === 'br' ? template.brImage : chosen === 'gzip' ? template.gzipImage : template.image;
      if (image) {
        const fills = template.holes.map((hole) => (hole.t === 'csrf' ? token : stamp));
        const out = fillImage(image, fills);
        if (out) {
          const headers = [...(personal ? hit.personalHeaders : hit.headers)];
          if (chosen) headers.push('content-encoding', chosen);
          headers.push('content-length', String(out.length));
          if (setCookie) headers.push('set-cookie', setCookie);
          res.writeHead(200, headers);
          res.end(out);
          // Written through to the kernel already (nothing left queued in Node): the buffer is free for the next
          // answer. Otherwise a write still reads it, and it is left to the garbage collector.
          if (res.writableLength === 0) image.spare = out;
          return;
        }
      }
    }
    if (template) {
      const texts: string[] = [];
      for (const hole of template.holes)
        texts.push(hole.t === 'csrf' ? token : hole.t === 'stamp' ? stamp : textOf(hole.field, viewer));
      const accept = req.headers['accept-encoding'];
      if (!template.building && encodingFor(accept, WHOLE)) askedToCompress(template);
      encoding = encodingFor(accept, template.br ? WHOLE : SPLICED);
      const ready = encoding === 'br' ? template.br : encoding === 'gzip' ? template.gzip : null;
      const filled = ready
        ? fillTemplate(
            ready,
            texts.map((text) => Buffer.from(text)),
          )
        : null;
      if (filled) body = filled;
      else {
        // Not built yet (or a fill of another length): the segments joined as they are, in gzip when asked for. The
        // fills go as strings, which gzipJoin stores as they are: a Buffer would be deflated (and, being new each
        // answer, a zlib stream made for 43 bytes every time: most of this path's cost under mixed load, 046).
        if (encoding === 'br') encoding = encodingFor(req.headers['accept-encoding'], SPLICED);
        let at = 0;
        const pieces = template.parts.map((part) => (typeof part === 'number' ? texts[at++]! : part));
        body = encodePieces(pieces, encoding);
      }
    } else {
      const pieces: (Buffer | string)[] = [];
      resolve(segs, viewer, token, stamp, pieces);
      encoding = encodingFor(req.headers['accept-encoding'], SPLICED);
      body = encodePieces(pieces, encoding);
    }
    const headers = [...(personal ? hit.personalHeaders : hit.headers)];
    if (encoding) headers.push('content-encoding', encoding);
    headers.push('content-length', String(body.length));
    if (setCookie) headers.push('set-cookie', setCookie);
    res.writeHead(200, headers);
    if (head) {
      res.end();
      return;
    }
    // Gathered into one reused buffer (decision 040): one piece for Node to write instead of one per part and hole,
    // which cost more than copying the bytes. The buffer is reused only once Node handed all of it to the kernel.
    const { chunks } = body;
    const out = scratch.length >= body.length ? scratch : Buffer.allocUnsafeSlow(Math.max(body.length, 64 * 1024));
    scratch = EMPTY;
    let at = 0;
    for (const chunk of chunks) at += typeof chunk === 'string' ? out.write(chunk, at) : chunk.copy(out, at);
    res.end(out.subarray(0, at));
    if (res.writableLength === 0) scratch = out;
  };

  /**
   * The page's template for this viewer's combination of variants (decision 040), made on first need: fixed bytes
   * merged, holes for the token, stamp and (for a viewer with saved details or an account) personal text. null when
   * the page already has its share of templates or the memory for them is spent: the caller splices as before.
   */
  const templateFor = (page: CachedPage, key: string, segs: Seg[], viewer: Viewer | null): Template | null => {
    let template = page.templates.get(key);
    if (template) return template;
    if (page.templates.size >= TEMPLATES_PER_PAGE || templateBytes >= TEMPLATE_BUDGET) return null;
    const texts = viewer !== null && (viewer.saved !== null || viewer.member !== null);
    // The anonymous combination is made from the plain page (its buffers, already compressed for the first answer).
    template =
      key === ''
        ? templateOf(page, page.plain, null, false, formStamp().length, true)
        : templateOf(page, segs, viewer, texts, formStamp().length);
    page.templates.set(key, template);
    page.templateBytes += template.bytes;
    templateBytes += template.bytes;
    return template;
  };

  /** The identity image, made when an answer first asks for no compression (most ask for brotli or gzip). */
  const identityImage = (template: Template) => {
    template.image = imageOf(template.parts, null);
    if (!template.image) return;
    // The image and the one copy of it kept for sending.
    const grown = 2 * template.image.master.length;
    template.page.templateBytes += grown;
    if (cache.peek(template.page.url) === template.page) templateBytes += grown;
  };

  /**
   * A template is compressed once it has been asked for compressed a few times, and a few at a time: under a load
   * spread over thousands of pages (bench/mixed-bench.mjs), compressing every page's template on its first request
   * kept both cores busy with brotli; the pages asked for once go out joined per response as before (decision 040).
   */
  let buildsUnderWay = 0;
  const askedToCompress = (template: Template) => {
    template.asked++;
    if (template.asked >= COMPRESS_AFTER && buildsUnderWay < BUILDS_AT_ONCE) buildEncodings(template);
  };

  /** Compressed once per template, on the thread pool; until then its answers are joined per response. */
  const buildEncodings = (template: Template) => {
    template.building = true;
    buildsUnderWay++;
    void (async () => {
      const gzip = await gzipTemplate(template.parts);
      const br = await brotliTemplate(template.parts);
      let grown =
        (gzip ? size([gzip.tail, ...gzip.encoded.filter((x) => x !== null)]) : 0) +
        (br ? size([br.tail, ...br.encoded.filter((x) => x !== null)]) : 0);
      template.gzip = checks(gzip, template.parts) ? gzip : null;
      template.br = br;
      if (template.fixed) {
        template.gzipImage = template.gzip ? imageOf(template.parts, template.gzip) : null;
        template.brImage = br ? imageOf(template.parts, br) : null;
        for (const image of [template.gzipImage, template.brImage]) if (image) grown += 2 * image.master.length;
      }
      template.page.templateBytes += grown;
      if (cache.peek(template.page.url) === template.page) templateBytes += grown;
    })()
      .catch((error: unknown) => app.log.error({ err: error }, 'page cache: compressing a page template failed'))
      .finally(() => {
        buildsUnderWay--;
      });
  };

  /**
   * The variants this viewer sees that were not rendered with the page, rendered now, once (decision 046). A stored
   * page's grown bytes count against the cache's size: least recently used pages make room.
   */
  const variantsFor = (page: CachedPage | null, segs: Seg[], viewer: Viewer) => {
    let grown = 0;
    for (const seg of segs) {
      if (Buffer.isBuffer(seg) || seg.t !== 'choice' || !seg.lazy) continue;
      const lazy = seg.lazy;
      const name = variantOf(seg.slot, viewer);
      if (!lazy.names.has(name)) continue;
      lazy.names.delete(name);
      if (lazy.names.size === 0) seg.lazy = null;
      let variant: Seg[];
      try {
        const html = lazy.render(name);
        if (html === undefined) continue;
        variant = cut(html, lazy.marks, true);
      } catch (error) {
        // A view's mistake (a personal part inside another): the viewer gets the anonymous variant, and it is said.
        app.log.error({ err: error }, 'page cache: rendering a personal variant failed');
        continue;
      }
      seg.variants.set(name, variant);
      grown += size(variant);
      if (page && !page.needsStamp && needs(variant, 'stamp')) page.needsStamp = true;
    }
    if (!page || grown === 0) return;
    page.lazyBytes += grown;
    if (cache.peek(page.url) !== page) return;
    lazyBytes += grown;
    while (cache.size > 1 && cache.calculatedSize + lazyBytes > PAGE_CACHE_BYTES) cache.pop();
  };

  /** A fresh render's marks filled for this viewer (pages not stored, and the first render of a stored one). */
  const fill = (
    segs: Seg[],
    reply: FastifyReply,
    viewer: Viewer | null,
    page: CachedPage | null = null,
  ): (Buffer | string)[] => {
    if (segs.length === 1 && Buffer.isBuffer(segs[0])) return [segs[0]];
    if (viewer) variantsFor(page, segs, viewer);
    const token = needs(segs, 'csrf') ? reply.generateCsrf() : '';
    const stamp = needs(segs, 'stamp') ? formStamp() : '';
    const pieces: (Buffer | string)[] = [];
    resolve(segs, viewer, token, stamp, pieces);
    return pieces;
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(security);
    const mode = modeOf(request);
    if (!mode) return;
    reply.header('vary', 'accept-encoding');
    const cookieHeader = request.headers.cookie;
    // A flash message is shown once, to its visitor: that answer is rendered for them and not kept.
    if (rawCookie(cookieHeader, FLASH_COOKIE)) return;
    const viewer = await viewerLater(cookieHeader);
    if (mode === 'anonymous' && viewer) return;
    request.pageViewer = viewer;
    request.pageCacheVersion = versions.latest();
    if (!ctx.config.pageCache) return;
    let hit = cache.get(request.url);
    if (!hit || !current(hit)) {
      const flight = flights.get(request.url);
      if (!flight) {
        // This request renders; others that miss meanwhile wait for it.
        const mine = newFlight();
        flights.set(request.url, mine);
        request.pageFlight = mine;
        return;
      }
      await waitFor(flight);
      if (flight.failure) {
        // The same page, with this visitor's own token at the marks it was cut at.
        reply.spliceMarks = flight.failure.marks;
        reply.header('x-page-cache', 'waited');
        return reply.code(flight.failure.statusCode).type(flight.failure.contentType).send(flight.failure.body);
      }
      hit = cache.get(request.url);
      if (!hit || !current(hit)) return;
    }
    if (theirsAlone(hit, viewer)) return;
    reply.hijack();
    writeHit(hit, request.raw, reply.raw, cookieHeader, request.protocol === 'https', viewer);
    // Returning the reply tells Fastify the request is answered: no further hooks, no handler.
    return reply;
  });

  /** The render is over (stored, failed, private or abandoned): its waiters go on. */
  const land = (request: FastifyRequest) => {
    const flight = request.pageFlight;
    if (!flight) return;
    request.pageFlight = undefined;
    if (flights.get(request.url) === flight) flights.delete(request.url);
    flight.settle();
  };
  app.addHook('onResponse', async (request) => land(request));
  app.addHook('onRequestAbort', async (request) => land(request));

  app.addHook('onSend', async (request, reply, payload) => {
    // A visitor's write: the answer tells their browser which change to wait for (their next page shows it).
    if (modeOf(request) === undefined && request.method !== 'GET' && request.visitorState?.visitorId) {
      const latest = String(versions.latest());
      if (request.cookies[SEEN_COOKIE] !== latest) {
        reply.setCookie(SEEN_COOKIE, latest, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: SEEN_MAX_AGE_S });
      }
    }
    if (typeof payload !== 'string') return payload;
    if (reply.getHeader('x-page-cache') === 'hit') return payload;
    const marks = reply.spliceMarks;
    const segs = marks ? cut(payload, marks) : null;
    const viewer =
      request.pageViewer !== undefined
        ? request.pageViewer
        : segs?.some((seg) => !Buffer.isBuffer(seg) && (seg.t === 'choice' || seg.t === 'text'))
          ? await viewerLater(request.headers.cookie)
          : null;
    const stored =
      modeOf(request) !== undefined &&
      request.pageCacheVersion !== undefined &&
      reply.statusCode === 200 &&
      !reply.privatePage;
    if (!stored) {
      if (modeOf(request) !== undefined) reply.header('cache-control', 'private, no-store');
      const flight = request.pageFlight;
      if (flight && reply.statusCode >= 500) {
        const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
        flight.failure = { statusCode: reply.statusCode, contentType, body: payload, marks };
      }
      land(request);
      return segs ? fill(segs, reply, viewer).map(String).join('') : payload;
    }
    const all = segs ?? [Buffer.from(payload)];
    const page = storePage(request, reply, all);
    land(request);
    if (page.personal && viewer) reply.header('cache-control', 'private, no-cache');
    const pieces = fill(page.personal && viewer ? page.segs : page.plain, reply, viewer, page);
    const whole = pieces.length === 1 && Buffer.isBuffer(pieces[0]);
    const encoding = encodingFor(request.headers['accept-encoding'], whole ? WHOLE : SPLICED);
    if (page.etag && whole) reply.header('etag', etagFor(page.etag, encoding));
    // Bytes, not a string joined back from them: the pieces are already UTF-8, and Node would encode a string again.
    if (!encoding)
      return whole
        ? pieces[0]
        : Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
    reply.header('content-encoding', encoding);
    const { chunks } = encodePieces(pieces, encoding);
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
  });

  const storePage = (request: FastifyRequest, reply: FastifyReply, segs: Seg[]): CachedPage => {
    const plain = plainOf(segs);
    // A page with forms carries a per-visitor token, so its bytes differ per visitor: no ETag for it. A page whose
    // only personal part is the header's account links has one body for every guest: that body gets the ETag.
    const body = plain.length === 1 && Buffer.isBuffer(plain[0]) ? plain[0] : null;
    const etag = body ? `"${createHash('sha1').update(body).digest('base64url')}"` : null;
    reply.header('cache-control', 'no-cache');
    const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
    const hitHeaders: Record<string, string> = {
      ...security,
      'content-type': contentType,
      'cache-control': 'no-cache',
      'x-page-cache': 'hit',
      vary: 'accept-encoding',
    };
    const personal = segs.some((seg) => !Buffer.isBuffer(seg) && (seg.t === 'choice' || seg.t === 'text'));
    const keys = reply.contentKeys ? [...new Set([...reply.contentKeys, 'catalog', 'settings'])] : null;
    const page: CachedPage = {
      url: request.url,
      renderedAt: request.pageCacheVersion!,
      keys,
      segs: joined(segs),
      plain,
      personal,
      anonymousOnly: modeOf(request) === 'anonymous',
      needsStamp: needs(segs, 'stamp'),
      films: filmsOf(segs),
      etag,
      templates: new Map(),
      templateBytes: 0,
      lazyBytes: 0,
      headers: Object.entries(hitHeaders).flat(),
      personalHeaders: Object.entries({ ...hitHeaders, 'cache-control': 'private, no-cache' }).flat(),
    };
    if (ctx.config.pageCache) {
      cache.set(request.url, page);
      reply.header('x-page-cache', 'miss');
    }
    return page;
  };

  /**
   * The front cache: called by the HTTP server before Fastify sees the request. A fresh hit is written and true
   * returned; anything else (a miss, a stale page, a visitor whose state is not in memory yet) returns false and
   * Fastify takes the request as usual, where the hooks above and the handler do the full job.
   */
  return (req, res) => {
    if (!ctx.config.pageCache || (req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false;
    const hit = cache.get(req.url);
    if (!hit || !versions.usable() || !current(hit)) return false;
    const cookieHeader = req.headers.cookie;
    const viewer = viewerNow(cookieHeader);
    if (viewer === undefined || theirsAlone(hit, viewer) || (viewer && hit.anonymousOnly)) return false;
    const secure =
      (req.socket as { encrypted?: boolean }).encrypted === true ||
      (ctx.config.trustProxy > 0 && req.headers['x-forwarded-proto'] === 'https');
    writeHit(hit, req, res, cookieHeader, secure, viewer);
    return true;
  };
}

function size(segs: Seg[]): number {
  let n = 0;
  for (const seg of segs) {
    if (Buffer.isBuffer(seg)) n += seg.length;
    else if (seg.t === 'choice') for (const variant of seg.variants.values()) n += size(variant);
  }
  return n;
}
