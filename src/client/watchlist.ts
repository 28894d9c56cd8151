import { announce, callApi } from './api.js';

interface WatchlistAnswer {
  film: string;
  listed: boolean;
}

/** The watchlist button toggles in place; without JavaScript the same form posts and comes back (303). */
export function enhanceWatchlist(root: ParentNode): void {
  for (const part of root.querySelectorAll<HTMLElement>('[data-island="watchlist"]')) {
    const form = part.querySelector('form');
    const button = part.querySelector<HTMLButtonElement>('[data-watchlist-button]');
    const next = part.querySelector<HTMLInputElement>('[data-watchlist-next]');
    if (!form || !button || !next) continue;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const add = next.value === '1';
      button.disabled = true;
      const result = await callApi<WatchlistAnswer>(
        add ? 'PUT' : 'DELETE',
        `/api/v1/me/watchlist/${encodeURIComponent(part.dataset.slug ?? '')}`,
        form,
      );
      button.disabled = false;
      if (!result.ok) return announce(part, result.message);
      button.setAttribute('aria-pressed', String(result.data.listed));
      button.textContent = result.data.listed ? 'On your watchlist' : 'Add to watchlist';
      next.value = result.data.listed ? '0' : '1';
      announce(part, result.data.listed ? 'Added to your watchlist.' : 'Removed from your watchlist.');
    });
  }
}
