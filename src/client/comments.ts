import { avatarClass, initials } from '../lib/avatar.js';
import { announce } from './api.js';

const FIELDS = ['authorName', 'authorEmail', 'authorUrl', 'body', 'parentId'] as const;
const STANDARD = new Set<string>([...FIELDS, '_csrf', 'saveDetails']);

function showErrors(form: HTMLFormElement, fields: Record<string, string>): void {
  for (const old of form.querySelectorAll('.field__error[data-island-error]')) old.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  let first: HTMLElement | null = null;
  for (const [name, message] of Object.entries(fields)) {
    const input = form.querySelector<HTMLElement>(`[name="${name}"]`);
    if (!input) continue;
    const error = document.createElement('span');
    error.className = 'field__error';
    error.dataset.islandError = '';
    error.id = `comment-${name}-error`;
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', error.id);
    input.insertAdjacentElement('afterend', error);
    first ??= input;
  }
  first?.focus();
}

/** The new comment, drawn the way the server draws it (views/CommentsSection.tsx), so it appears without a reload. */
function drawComment(section: HTMLElement, id: number, status: string, name: string, body: string, parentId: string) {
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const item = element('li', 'comment');
  item.id = `comment-${id}`;
  const article = element('article', '');
  article.setAttribute('aria-labelledby', `comment-${id}-by`);
  const head = element('header', 'comment__head');
  const avatar = element('span', avatarClass(name), initials(name));
  avatar.setAttribute('aria-hidden', 'true');
  const meta = element('p', 'comment__meta');
  meta.id = `comment-${id}-by`;
  meta.append(element('span', 'comment__author', name), ' ', element('span', 'visually-hidden', 'says'));
  const permalink = element('a', 'comment__permalink');
  permalink.href = `#comment-${id}`;
  const time = element('time', '', 'just now');
  time.dateTime = new Date().toISOString();
  permalink.append(time);
  meta.append(permalink);
  head.append(avatar, meta);
  article.append(head);
  if (status !== 'approved') article.append(element('p', 'comment__pending', 'Your comment is awaiting moderation.'));
  const text = element('div', 'comment__body');
  for (const paragraph of body.split(/\n{2,}/)) text.append(element('p', '', paragraph));
  article.append(text);
  item.append(article);
  // "No comments yet" would now sit above a comment.
  const heading = section.querySelector('#comments-heading');
  if (heading?.textContent === 'No comments yet')
    heading.textContent = status === 'approved' ? '1 comment' : 'Comments';
  const parent = parentId ? document.getElementById(`comment-${parentId}`) : null;
  let list = parent
    ? parent.querySelector<HTMLOListElement>(':scope > ol.comment-list')
    : section.querySelector<HTMLOListElement>(':scope > ol.comment-list');
  if (!list) {
    list = document.createElement('ol');
    list.className = parent ? 'comment-list comment-list--replies' : 'comment-list';
    if (parent) parent.append(list);
    else section.querySelector('#respond')?.before(list);
  }
  list.append(item);
}

export function enhanceComments(root: ParentNode): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-island="comments"]')) {
    const form = section.querySelector<HTMLFormElement>('form.comment-form');
    const respond = section.querySelector<HTMLElement>('#respond');
    const title = section.querySelector<HTMLElement>('#reply-title');
    const parentInput = section.querySelector<HTMLInputElement>('[data-parent-id]');
    if (!form || !respond || !title || !parentInput) continue;
    const home = respond.parentElement;
    const originalTitle = 'Leave a Reply';

    // Reply links move the form under the comment instead of reloading the page.
    for (const link of section.querySelectorAll<HTMLAnchorElement>('[data-reply-to]')) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const comment = document.getElementById(`comment-${link.dataset.replyTo}`);
        if (!comment) return;
        parentInput.value = link.dataset.replyTo ?? '';
        title.textContent = `Reply to ${comment.querySelector('.comment__author')?.textContent ?? 'comment'} `;
        const cancel = document.createElement('a');
        cancel.href = '#respond';
        cancel.className = 'cancel-reply';
        cancel.textContent = 'Cancel reply';
        cancel.addEventListener('click', (e) => {
          e.preventDefault();
          parentInput.value = '';
          title.textContent = originalTitle;
          home?.append(respond);
        });
        title.append(cancel);
        comment.querySelector('article')?.after(respond);
        form.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      });
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const formExtras: Record<string, string> = {};
      for (const [key, value] of data) if (!STANDARD.has(key)) formExtras[key] = String(value);
      const parentId = String(data.get('parentId') ?? '');
      const payload = {
        authorName: String(data.get('authorName') ?? ''),
        authorEmail: String(data.get('authorEmail') ?? ''),
        authorUrl: String(data.get('authorUrl') ?? ''),
        body: String(data.get('body') ?? ''),
        parentId: parentId ? Number(parentId) : null,
        saveDetails: data.get('saveDetails') === '1',
        formExtras,
      };
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const response = await fetch(`/api/v1/films/${section.dataset.slug}/comments`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-csrf-token': String(data.get('_csrf') ?? ''),
          },
          body: JSON.stringify(payload),
        });
        const json = (await response.json().catch(() => ({}))) as {
          id?: number;
          status?: string;
          error?: { message: string; fields?: Record<string, string> };
        };
        if (response.status === 201 && json.id) {
          showErrors(form, {});
          drawComment(section, json.id, json.status ?? 'pending', payload.authorName, payload.body, parentId);
          (form.querySelector('textarea') as HTMLTextAreaElement).value = '';
          announce(
            respond,
            json.status === 'approved'
              ? 'Thanks! Your comment is published.'
              : 'Thanks! Your comment is awaiting moderation.',
          );
          if (parentId) home?.append(respond);
          parentInput.value = '';
          title.textContent = originalTitle;
          return;
        }
        if (json.error?.fields) showErrors(form, json.error.fields);
        const retry = response.headers.get('retry-after');
        announce(
          respond,
          `${json.error?.message ?? `The server answered ${response.status}.`}${retry ? ` Try again in ${retry} s.` : ''}`,
        );
      } catch {
        announce(respond, 'Could not reach the server. Check your connection and try again.');
      } finally {
        if (button) button.disabled = false;
      }
    });
  }
}
