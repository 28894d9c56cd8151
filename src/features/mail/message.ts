import { AppError } from '../../kernel/errors.js';

/** A mail as a feature asks for it; the outbox turns it into a multipart MIME message when it is sent. */
export interface MailMessage {
  /** What the mail is for, shown in the mail log and kept after sending: 'test', 'password-reset', 'reply', … */
  kind: string;
  to: { address: string; name?: string };
  subject: string;
  text: string;
  html: string;
  /**
   * For notifications (as opposed to mail a person asked for, like a password reset): where one click unsubscribes.
   * Sent as `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
   */
  unsubscribeUrl?: string;
}

/**
 * Text that goes into a header (a subject, a display name) as one line: line breaks and other control characters
 * become spaces, so no one can end the header and start one of their own (`Bcc:` in a commenter's name).
 */
export function headerText(value: string, max = 200): string {
  const flat = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is removed.
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// Deliberately plain: the address must survive as a bare addr-spec in the SMTP envelope and in `To:`.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export const isMailAddress = (value: string) => value.trim().length <= 254 && ADDRESS.test(value.trim().toLowerCase());

/** A recipient address as stored and sent: trimmed, lower-cased, refused when it could carry anything but an address. */
export function mailAddress(value: string): string {
  const address = value.trim().toLowerCase();
  if (address.length > 254 || !ADDRESS.test(address)) {
    throw new AppError('invalid_field', 'The email address is not valid.', 'email');
  }
  return address;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
