// The header search box: suggestions while typing, as an ARIA 1.2 combobox with a listbox popup (WAI-ARIA APG,
// "Editable Combobox With List Autocomplete"). Without JavaScript the form is a plain GET to /search.

interface Suggestion {
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  url: string;
}

const DELAY_MS = 120;
let instances = 0;

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (!input) return;
  const n = ++instances;
  const list = document.createElement('ul');
  list.id = `search-suggestions-${n}`;
  list.className = 'search-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggested films');
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  form.append(list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let items: Suggestion[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | undefined;

  const options = () => [...list.querySelectorAll<HTMLLIElement>('[role="option"]')];

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (index: number) => {
    const all = options();
    active = index;
    for (const [i, option] of all.entries()) option.setAttribute('aria-selected', String(i === index));
    const current = all[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const show = (found: Suggestion[]) => {
    items = found;
    list.replaceChildren(
      ...found.map((s, i) => {
        const option = document.createElement('li');
        option.id = `${list.id}-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.className = 'search-suggestions__option';
        option.textContent = s.title;
        // Shown so a suggestion found by its original title ("7번방") says why it is there.
        if (s.originalTitle) {
          const original = document.createElement('span');
          original.className = 'search-suggestions__original';
          original.textContent = ` · ${s.originalTitle}`;
          option.append(original);
        }
        if (s.year) {
          const year = document.createElement('span');
          year.className = 'search-suggestions__year';
          year.textContent = ` ${s.year}`;
          option.append(year);
        }
        // mousedown, not click: the input must keep focus (no blur closing the list first).
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          window.location.assign(s.url);
        });
        return option;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (found.length === 0) {
      close();
      status.textContent = '';
      return;
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = `${found.length} ${found.length === 1 ? 'suggestion' : 'suggestions'}, use the arrow keys to choose.`;
  };

  const fetchSuggestions = async (q: string) => {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const response = await fetch(`/api/v1/search/suggestions?q=${encodeURIComponent(q)}`, {
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) return;
      const body = (await response.json()) as { items: Suggestion[] };
      if (input.value.trim() === q) show(body.items);
    } catch {
      // Aborted by newer typing, or offline: the form still works.
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      pending?.abort();
      show([]);
      return;
    }
    timer = setTimeout(() => void fetchSuggestions(q), DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = items.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Wraps through "no option" (-1), where Enter submits the typed text as a search.
      const next = active + step;
      highlight(next >= count ? -1 : next < -1 ? count - 1 : next);
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      const chosen = items[active];
      if (chosen) window.location.assign(chosen.url);
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else input.value = '';
    }
  });

  input.addEventListener('blur', () => close());
}

export function enhanceSearchBoxes(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-island="search-box"]')) enhance(form);
}
