import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { enqueueMail } from './outbox.service.js';
import { type MailSite, renderMail } from './template.js';

/** The admin's "send test mail": proves the whole path (outbox, worker, SMTP) with the site's own template. */
export function queueTestMail(uow: UnitOfWork, site: MailSite, to: { email: string; displayName: string }, now: Date) {
  const body = renderMail(site, {
    heading: 'Test mail',
    paragraphs: [`This is a test mail from ${site.siteTitle}, asked for by ${to.email}. Email works.`],
    action: { label: 'Open the mail log', url: `${site.publicUrl}/admin/mail` },
  });
  return enqueueMail(
    uow,
    {
      kind: 'test',
      to: { address: to.email, name: to.displayName },
      subject: `Test mail from ${site.siteTitle}`,
      ...body,
    },
    now,
  );
}
