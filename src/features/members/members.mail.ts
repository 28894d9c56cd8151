import { type MailMessage, type MailSite, renderMail } from '../mail/index.js';

// The member mails: what they say, in the site's template. Plain functions of their inputs.

type To = { email: string; displayName: string };
const to = (member: To) => ({ address: member.email, name: member.displayName });

export function confirmMail(site: MailSite, member: To, link: string): MailMessage {
  return {
    kind: 'member-confirm',
    to: to(member),
    subject: `Confirm your address for ${site.siteTitle}`,
    ...renderMail(site, {
      heading: `Welcome to ${site.siteTitle}`,
      paragraphs: [
        `Someone (we hope you) joined ${site.siteTitle} with ${member.email}.`,
        'Confirm the address to finish: the link works for 7 days. Unconfirmed accounts are removed after that.',
      ],
      action: { label: 'Confirm my address', url: link },
      footer: ['If you did not join, ignore this mail: the account is removed in 7 days.'],
    }),
  };
}

/** Sent instead of a confirmation when the address already has an account: the join page says the same either way. */
export function alreadyMemberMail(site: MailSite, member: To): MailMessage {
  return {
    kind: 'member-exists',
    to: to(member),
    subject: `You already have an account on ${site.siteTitle}`,
    ...renderMail(site, {
      heading: 'You already have an account',
      paragraphs: [
        `Someone (we hope you) tried to join ${site.siteTitle} with ${member.email}, which already has an account.`,
        'Sign in instead; if you forgot the password, you can choose a new one.',
      ],
      action: { label: 'Choose a new password', url: `${site.publicUrl}/login/forgot` },
      footer: ['If it was not you, ignore this mail: nothing changed.'],
    }),
  };
}

export function memberResetMail(site: MailSite, member: To, link: string): MailMessage {
  return {
    kind: 'member-reset',
    to: to(member),
    subject: `Reset your password for ${site.siteTitle}`,
    ...renderMail(site, {
      heading: 'Reset your password',
      paragraphs: [
        `Someone (we hope you) asked to reset the password of ${member.email} on ${site.siteTitle}.`,
        'The link works once, within an hour. Setting a new password signs this account out everywhere.',
      ],
      action: { label: 'Choose a new password', url: link },
      footer: ['If you did not ask, ignore this mail: your password stays as it is.'],
    }),
  };
}

export function emailChangeMail(site: MailSite, member: To, newEmail: string, link: string): MailMessage {
  return {
    kind: 'member-email-change',
    to: { address: newEmail, name: member.displayName },
    subject: `Confirm your new address for ${site.siteTitle}`,
    ...renderMail(site, {
      heading: 'Confirm your new address',
      paragraphs: [
        `The account ${member.email} on ${site.siteTitle} asked to use ${newEmail} from now on.`,
        'Follow the link within 7 days to make the change; until then mail goes to the old address.',
      ],
      action: { label: 'Use this address', url: link },
      footer: ['If you did not ask, ignore this mail: nothing changes.'],
    }),
  };
}
