import { type MailMessage, type MailSite, renderMail } from '../mail/index.js';

// The account mails: what they say, in the site's template. Plain functions of their inputs, so they are easy to read
// side by side and to test.

type To = { email: string; displayName: string };
const to = (user: To) => ({ address: user.email, name: user.displayName });

export function passwordResetMail(site: MailSite, user: To, link: string): MailMessage {
  return {
    kind: 'password-reset',
    to: to(user),
    subject: `Reset your password for ${site.siteTitle}`,
    ...renderMail(site, {
      heading: 'Reset your password',
      paragraphs: [
        `Someone (we hope you) asked to reset the password of ${user.email} on ${site.siteTitle}.`,
        'The link works once, within an hour. Setting a new password logs this account out everywhere.',
      ],
      action: { label: 'Choose a new password', url: link },
      footer: ['If you did not ask, ignore this mail: your password stays as it is.'],
    }),
  };
}

export function invitationMail(site: MailSite, email: string, role: string, link: string): MailMessage {
  return {
    kind: 'invitation',
    to: { address: email },
    subject: `You are invited to help run ${site.siteTitle}`,
    ...renderMail(site, {
      heading: `An invitation to ${site.siteTitle}`,
      paragraphs: [
        `An admin of ${site.siteTitle} invited ${email} to join as ${role === 'admin' ? 'an admin' : 'a moderator'}.`,
        'Choose a password to accept. The link works once, within 7 days.',
      ],
      action: { label: 'Accept and set a password', url: link },
      footer: ['If you did not expect this, ignore this mail.'],
    }),
  };
}

export function newDeviceMail(site: MailSite, user: To, device: string, at: Date): MailMessage {
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    kind: 'new-device',
    to: to(user),
    subject: `New sign-in to ${site.siteTitle}`,
    ...renderMail(site, {
      heading: 'A sign-in from a new device',
      paragraphs: [
        `Your account ${user.email} was used to sign in to ${site.siteTitle} at ${when}, from ${device}, a device or browser it has not signed in from before.`,
        'If that was you, there is nothing to do.',
        'If it was not, choose a new password now: that also logs out every device.',
      ],
      action: { label: 'Reset the password', url: `${site.publicUrl}/admin/forgot` },
    }),
  };
}
