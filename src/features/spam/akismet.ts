import type { CheckResult } from './text-checks.js';

/**
 * The optional Akismet adapter (https://akismet.com/developers/): off unless AKISMET_KEY is set. It sends the comment,
 * the commenter's name, email, website, IP address and browser user-agent to Automattic's service, which is why it is
 * off by default and why /privacy says so when it is on.
 */
export interface AkismetOptions {
  key: string;
  /** The service's origin; tests point it at a fake server on loopback. */
  url: string;
  /** This site's public URL (Akismet's `blog`). */
  site: string;
  timeoutMs?: number;
}

export interface AkismetComment {
  ip?: string;
  userAgent?: string;
  permalink?: string;
  authorName: string;
  authorEmail: string;
  authorUrl?: string | null;
  body: string;
}

function form(options: AkismetOptions, c: AkismetComment): URLSearchParams {
  const params = new URLSearchParams({
    api_key: options.key,
    blog: options.site,
    user_ip: c.ip ?? '',
    user_agent: c.userAgent ?? '',
    comment_type: 'comment',
    comment_author: c.authorName,
    comment_author_email: c.authorEmail,
    comment_content: c.body,
  });
  if (c.authorUrl) params.set('comment_author_url', c.authorUrl);
  if (c.permalink) params.set('permalink', c.permalink);
  return params;
}

async function call(options: AkismetOptions, path: string, c: AkismetComment): Promise<Response> {
  return fetch(new URL(path, options.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Reelhouse/0.1 | Akismet' },
    body: form(options, c),
    signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
  });
}

/**
 * comment-check: "true" is spam, with `X-akismet-pro-tip: discard` when Akismet is sure; anything else it answers
 * (an error, a timeout) adds nothing but a reason, so an outage never holds or drops comments.
 */
export async function akismetCheck(options: AkismetOptions, c: AkismetComment): Promise<CheckResult> {
  try {
    const response = await call(options, '/1.1/comment-check', c);
    const text = (await response.text()).trim();
    if (text === 'true') {
      const sure = response.headers.get('x-akismet-pro-tip') === 'discard';
      return { score: sure ? 1 : 0.6, reasons: [sure ? 'Akismet: blatant spam' : 'Akismet: spam'] };
    }
    if (text === 'false') return { score: 0, reasons: [] };
    const problem = response.headers.get('x-akismet-debug-help') ?? text.slice(0, 100);
    return { score: 0, reasons: [`Akismet did not answer (${problem || `HTTP ${response.status}`})`] };
  } catch (error) {
    return { score: 0, reasons: [`Akismet did not answer (${error instanceof Error ? error.name : 'error'})`] };
  }
}

/** submit-spam / submit-ham: tell Akismet a moderator's decision. Failures are the caller's to log, never fatal. */
export async function akismetSubmit(options: AkismetOptions, c: AkismetComment, isSpam: boolean): Promise<void> {
  const response = await call(options, isSpam ? '/1.1/submit-spam' : '/1.1/submit-ham', c);
  await response.text();
  if (!response.ok) throw new Error(`Akismet ${isSpam ? 'submit-spam' : 'submit-ham'}: HTTP ${response.status}`);
}
