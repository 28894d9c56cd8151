import { announce, callApi } from './api.js';

interface LikeAnswer {
  likes: number;
  liked: boolean;
}

const likesText = (likes: number) =>
  likes === 0
    ? 'Be the first to like this'
    : likes === 1
      ? '1 person likes this'
      : `${likes.toLocaleString('en-US')} people like this`;

export function enhanceLikes(root: ParentNode): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-island="like"]')) {
    const form = section.querySelector('form');
    const button = section.querySelector<HTMLButtonElement>('[data-like-button]');
    const next = section.querySelector<HTMLInputElement>('[data-like-next]');
    const count = section.querySelector<HTMLElement>('[data-like-count]');
    if (!form || !button || !next || !count) continue;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const like = next.value === '1';
      const result = await callApi<LikeAnswer>(
        like ? 'POST' : 'DELETE',
        `/api/v1/films/${section.dataset.slug}/like`,
        form,
      );
      if (!result.ok) return announce(section, result.message);
      button.setAttribute('aria-pressed', String(result.data.liked));
      next.value = result.data.liked ? '0' : '1';
      count.textContent = likesText(result.data.likes);
    });
  }
}
