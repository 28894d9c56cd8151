import { escapeHtml } from './message.js';

/** What every mail shows of the site: its name, its address and its colour. */
export interface MailSite {
  siteTitle: string;
  publicUrl: string;
  /** The accent colour of the site's stylesheet, for the heading and buttons. */
  accent?: string;
}

export interface MailContent {
  heading: string;
  /** Plain-text paragraphs; in HTML each becomes a <p>, escaped. */
  paragraphs: string[];
  /** The one thing to do (a button in HTML, a bare URL on its own line in text). */
  action?: { label: string; url: string };
  /** Small print under a rule: why this mail came, how to stop it. */
  footer?: string[];
}

/** The site's accent colour (--accent in assets/site.css, light scheme): mail clients cannot read the stylesheet. */
const ACCENT = '#b4232f';

/** The same content as plain text and as simple, inline-styled HTML (mail clients ignore stylesheets). */
export function renderMail(site: MailSite, content: MailContent): { text: string; html: string } {
  const lines = [content.heading, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, '');
  if (content.footer?.length) lines.push('-- ', ...content.footer, '');
  lines.push(`${site.siteTitle} · ${site.publicUrl}`);

  const accent = /^#[0-9a-f]{3,8}$/i.test(site.accent ?? '') ? (site.accent as string) : ACCENT;
  const p = (text: string) => `<p style="margin:0 0 1em">${escapeHtml(text)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:36em">',
    `<p style="margin:0 0 1em;font-weight:bold;color:${accent}">${escapeHtml(site.siteTitle)}</p>`,
    `<h1 style="font-size:1.3em">${escapeHtml(content.heading)}</h1>`,
    ...content.paragraphs.map(p),
    content.action
      ? `<p style="margin:1.5em 0"><a href="${escapeHtml(content.action.url)}" style="background:${accent};color:#fff;padding:.6em 1em;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p><p style="font-size:.85em;color:#555">${escapeHtml(content.action.url)}</p>`
      : '',
    content.footer?.length
      ? `<hr style="border:0;border-top:1px solid #ddd"><div style="font-size:.85em;color:#555">${content.footer.map(p).join('')}</div>`
      : '',
    `<p style="font-size:.85em;color:#555"><a href="${escapeHtml(site.publicUrl)}">${escapeHtml(site.siteTitle)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { text: lines.join('\n'), html };
}

/** The site as mails show it, from the admin's settings and PUBLIC_URL. */
export async function mailSiteOf(ctx: {
  settings(): Promise<{ siteTitle: string }>;
  config: { publicUrl: string };
}): Promise<MailSite> {
  return { siteTitle: (await ctx.settings()).siteTitle, publicUrl: ctx.config.publicUrl };
}
