import { announce, callApi } from './api.js';

interface KindAnswer {
  average: number | null;
  count: number;
}

interface RatingAnswer {
  average: number | null;
  count: number;
  histogram: number[];
  halfStars: number[];
  members: KindAnswer;
  guests: KindAnswer;
  yours: number | null;
  held: boolean;
}

// The same words as views/RatingWidget.tsx's splitText.
const kindText = (label: string, kind: KindAnswer) =>
  `${label} ${kind.average === null ? '–' : kind.average.toFixed(1)} (${kind.count.toLocaleString('en-US')})`;

const starsLabel = (stars: number) => `${stars} ${stars === 1 ? 'star' : 'stars'}`;
const votesLabel = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'vote' : 'votes'}`;

/** Same words as the server's flash (features/ratings/views/RatingWidget.tsx `savedMessage`). */
const savedMessage = (stars: number, held: boolean) =>
  held
    ? `Your rating of ${starsLabel(stars)} is saved. It will count in the average after review: many votes on this film came from your network.`
    : `Thanks! Your rating of ${starsLabel(stars)} is saved.`;

function render(section: HTMLElement, rating: RatingAnswer): void {
  const summary = section.querySelector<HTMLElement>('[data-rating-summary]');
  if (summary) {
    summary.replaceChildren();
    if (rating.count === 0 || rating.average === null) {
      summary.textContent = 'Be the first one!';
    } else {
      const average = document.createElement('strong');
      average.className = 'rating__average';
      average.textContent = rating.average.toFixed(1);
      const outOf = document.createElement('span');
      outOf.className = 'rating__outof';
      outOf.textContent = ' / 5';
      const count = document.createElement('span');
      count.className = 'rating__count';
      count.textContent = `(${votesLabel(rating.count)})`;
      summary.append(average, outOf, ' ', count);
    }
  }
  const split = section.querySelector<HTMLElement>('[data-rating-split]');
  const splitWords = split?.firstChild;
  if (split && splitWords?.nodeType === Node.TEXT_NODE) {
    splitWords.textContent = `${kindText('Members', rating.members)} · ${kindText('Guests', rating.guests)} `;
    split.hidden = rating.count === 0;
  }
  const max = Math.max(1, ...rating.halfStars);
  // Ten bars, 5 stars at the top, as the server draws them.
  section.querySelectorAll<HTMLMeterElement>('[data-rating-histogram] meter').forEach((meter, i) => {
    const bar = 5 - i / 2;
    const n = rating.halfStars[bar * 2 - 1] ?? 0;
    meter.max = max;
    meter.value = n;
    meter.setAttribute('aria-label', `${starsLabel(bar)}: ${votesLabel(n)}`);
    const count = meter.nextElementSibling;
    if (count) count.textContent = String(n);
  });
  for (const input of section.querySelectorAll<HTMLInputElement>('input[name="stars"]')) {
    input.checked = rating.yours !== null && Number(input.value) === rating.yours;
  }
  const yours = section.querySelector<HTMLElement>('[data-rating-yours]');
  if (yours) {
    yours.replaceChildren();
    if (rating.yours !== null) {
      const strong = document.createElement('strong');
      strong.textContent = starsLabel(rating.yours);
      yours.append('Your rating: ', strong);
      if (rating.held) yours.append(' (counts after review)');
    }
  }
  const remove = section.querySelector<HTMLFormElement>('[data-rating-remove]');
  if (remove) remove.hidden = rating.yours === null;
}

/**
 * Stars behave as a radio group should: arrow keys move the choice without sending anything; a click on a star,
 * Space, Enter or the button commits it, once. The button shows only while a choice waits to be committed (after
 * arrow keys), so a pointer user never sees a stray "Rate" button.
 */
export function enhanceRatings(root: ParentNode): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-island="rating"]')) {
    const url = `/api/v1/films/${section.dataset.slug}/rating`;
    const form = section.querySelector<HTMLFormElement>('.rating__form');
    const remove = section.querySelector<HTMLFormElement>('[data-rating-remove]');
    const submit = form?.querySelector<HTMLButtonElement>('button[type="submit"]') ?? null;
    const checkedStars = () => {
      const checked = form?.querySelector<HTMLInputElement>('input[name="stars"]:checked');
      return checked ? Number(checked.value) : null;
    };
    let saved = checkedStars();
    let sending = false;
    // What started the latest activation of a star: a pointer commits, an arrow key only moves the choice.
    let intent: 'commit' | 'move' = 'move';
    const showPending = () => {
      if (!submit) return;
      const choice = checkedStars();
      submit.hidden = choice === null || choice === saved;
      if (choice !== null) submit.textContent = `Rate ${starsLabel(choice)}`;
    };
    showPending();

    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const stars = checkedStars();
      if (stars === null) return announce(section, 'Choose a number of stars first.');
      if (sending) return;
      sending = true;
      const result = await callApi<RatingAnswer>('PUT', url, form, { stars });
      sending = false;
      if (!result.ok) return announce(section, result.message);
      saved = result.data.yours;
      render(section, result.data);
      showPending();
      announce(section, savedMessage(stars, result.data.held));
    });
    const group = form?.querySelector<HTMLElement>('.stars');
    group?.addEventListener('pointerdown', () => {
      intent = 'commit';
    });
    group?.addEventListener('keydown', (event) => {
      intent = 'move';
      // Browsers submit nothing on Enter in a radio group (implicit submission is for text fields), and Space on a
      // radio already checked fires no click: both are taken here, choosing the focused star first.
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      if (event.target instanceof HTMLInputElement && event.target.name === 'stars') event.target.checked = true;
      form?.requestSubmit();
    });
    for (const input of section.querySelectorAll<HTMLInputElement>('input[name="stars"]')) {
      // Arrow keys fire `click` on the radio they select too: only a pointer's click sends the vote.
      input.addEventListener('click', () => {
        const commit = intent === 'commit';
        intent = 'move';
        if (commit) form?.requestSubmit();
        else showPending();
      });
    }
    remove?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await callApi<RatingAnswer>('DELETE', url, remove);
      if (!result.ok) return announce(section, result.message);
      saved = null;
      render(section, result.data);
      showPending();
      announce(section, 'Your rating was removed.');
    });
  }
}
