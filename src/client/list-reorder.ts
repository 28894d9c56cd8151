import { callApi } from './api.js';

/**
 * Reordering a list by drag or keyboard on its owner's page. Without JavaScript each entry has up/down buttons and a
 * position field (plain forms); this island gives each entry a handle instead: drag it with a pointer, or focus it,
 * press Space to pick the film up, the arrow keys to move it and Space again to drop it (Escape puts it back). A drop
 * is one PATCH of the film's new 1-based position; the page's numbers and forms follow.
 */
export function enhanceListReorder(root: ParentNode): void {
  for (const list of root.querySelectorAll<HTMLElement>('[data-island="list-reorder"]')) new Reorder(list).start();
}

const HELP = 'Press Space to pick up, arrow keys to move, Space to drop, Escape to cancel. Or drag with the pointer.';

class Reorder {
  private readonly form: HTMLFormElement | null;
  private readonly status: HTMLElement;
  private readonly first: number;
  private readonly count: number;
  private held: { item: HTMLElement; from: number } | null = null;
  private busy = false;

  constructor(private readonly list: HTMLElement) {
    // Any of the entry forms carries the CSRF token the API wants in its header.
    this.form = list.querySelector('form');
    this.first = Number(list.querySelector<HTMLElement>('[data-rank]')?.dataset.rank ?? '1');
    this.count = Number(list.dataset.count ?? '0');
    this.status = document.createElement('p');
    this.status.className = 'visually-hidden';
    this.status.setAttribute('role', 'status');
    this.status.id = `reorder-status-${list.dataset.list ?? ''}`;
    list.after(this.status);
  }

  start(): void {
    if (!this.form || !this.list.dataset.list) return;
    const help = document.createElement('p');
    help.id = `reorder-help-${this.list.dataset.list}`;
    help.className = 'list-reorder__help';
    help.textContent = HELP;
    this.list.before(help);
    for (const item of this.items()) {
      for (const move of item.querySelectorAll<HTMLElement>('.list-entry__move')) move.hidden = true;
      const handle = document.createElement('button');
      handle.type = 'button';
      handle.className = 'list-entry__handle';
      handle.setAttribute('aria-describedby', help.id);
      handle.setAttribute('aria-pressed', 'false');
      handle.textContent = `↕ Move ${this.titleOf(item)}`;
      item.querySelector('.list-entry__body')?.prepend(handle);
      handle.addEventListener('keydown', (event) => this.onKey(event, item, handle));
      handle.addEventListener('pointerdown', (event) => this.onPointerDown(event, item, handle));
    }
  }

  private items(): HTMLElement[] {
    return [...this.list.children].filter((c): c is HTMLElement => c instanceof HTMLElement && !!c.dataset.film);
  }

  private titleOf(item: HTMLElement): string {
    return item.querySelector('.list-entry__title a')?.textContent?.trim() ?? 'film';
  }

  private rankOf(item: HTMLElement): number {
    return this.first + this.items().indexOf(item);
  }

  private say(message: string): void {
    this.status.textContent = message;
  }

  private onKey(event: KeyboardEvent, item: HTMLElement, handle: HTMLButtonElement): void {
    if (this.busy) return;
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (this.held) void this.drop(handle);
      else this.pick(item, handle);
      return;
    }
    if (!this.held) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      this.step(item, event.key === 'ArrowUp' ? -1 : 1);
      handle.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.putBack();
      handle.setAttribute('aria-pressed', 'false');
      handle.focus();
    }
  }

  private pick(item: HTMLElement, handle: HTMLElement): void {
    this.held = { item, from: this.items().indexOf(item) };
    item.classList.add('list-entry--held');
    handle.setAttribute('aria-pressed', 'true');
    this.say(`${this.titleOf(item)} picked up, position ${this.rankOf(item)}. Arrow keys move it, Space drops it.`);
  }

  private step(item: HTMLElement, by: -1 | 1): void {
    const sibling = by < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) {
      this.say(`${this.titleOf(item)} is already ${by < 0 ? 'first' : 'last'} on this page.`);
      return;
    }
    if (by < 0) sibling.before(item);
    else sibling.after(item);
    this.say(`${this.titleOf(item)}, position ${this.rankOf(item)}.`);
  }

  private putBack(): void {
    if (!this.held) return;
    const { item, from } = this.held;
    const others = this.items().filter((i) => i !== item);
    if (from >= others.length) this.list.append(item);
    else others[from]?.before(item);
    item.classList.remove('list-entry--held');
    this.held = null;
    this.say(`${this.titleOf(item)} put back at position ${this.rankOf(item)}.`);
  }

  /** Saves where the held film now is; on failure it goes back where it was and the reason is read out. */
  private async drop(handle: HTMLElement): Promise<void> {
    if (!this.held || !this.form) return;
    const { item, from } = this.held;
    const rank = this.rankOf(item);
    handle.setAttribute('aria-pressed', 'false');
    if (this.items().indexOf(item) === from) {
      item.classList.remove('list-entry--held');
      this.held = null;
      this.say(`${this.titleOf(item)} dropped where it was, position ${rank}.`);
      return;
    }
    this.busy = true;
    const url = `/api/v1/me/lists/${this.list.dataset.list}/entries/${item.dataset.film}`;
    const result = await callApi('PATCH', url, this.form, { position: rank });
    this.busy = false;
    if (!result.ok) {
      this.putBack();
      this.say(`Not moved: ${result.message}`);
      return;
    }
    item.classList.remove('list-entry--held');
    this.held = null;
    this.renumber();
    this.say(`${this.titleOf(item)} moved to position ${rank}.`);
  }

  /** The ranks shown and the no-JavaScript forms' values follow the new order. */
  private renumber(): void {
    this.items().forEach((item, index) => {
      const rank = this.first + index;
      item.dataset.rank = String(rank);
      const shown = item.querySelector('.list-entry__rank');
      if (shown) shown.textContent = `${rank}. `;
      const [up, down] = item.querySelectorAll<HTMLFormElement>('.list-entry__move');
      setRank(up, Math.max(1, rank - 1), rank === 1);
      setRank(down, rank + 1, this.count > 0 && rank >= this.count);
      const field = item.querySelector<HTMLInputElement>('input[type="number"][name="rank"]');
      if (field) field.value = String(rank);
    });
  }

  private onPointerDown(event: PointerEvent, item: HTMLElement, handle: HTMLButtonElement): void {
    if (this.busy || this.held || event.button !== 0) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    this.pick(item, handle);
    const move = (e: PointerEvent) => {
      const over = this.items().find((other) => {
        const box = other.getBoundingClientRect();
        return other !== item && e.clientY >= box.top && e.clientY <= box.bottom;
      });
      if (!over) return;
      const box = over.getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) over.before(item);
      else over.after(item);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', cancel);
      void this.drop(handle);
    };
    const cancel = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', cancel);
      this.putBack();
      handle.setAttribute('aria-pressed', 'false');
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', cancel);
  }
}

function setRank(form: HTMLFormElement | undefined, rank: number, disabled: boolean): void {
  if (!form) return;
  const input = form.querySelector<HTMLInputElement>('input[name="rank"]');
  if (input) input.value = String(rank);
  const button = form.querySelector<HTMLButtonElement>('button');
  if (button) button.disabled = disabled;
}
