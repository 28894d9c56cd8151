import { announce, callApi } from './api.js';

interface KindAnswer {
  average: number | null;
  count: number;
}

interface RatingAnswer {
  average: number | null;
  count: number;
  histogram: number[];
  members: KindAnswer;
  guests: KindAnswer;
  yours: number | null;
}

// The same words as views/RatingWidget.tsx's splitText.
const kindText = (label: string, kind: KindAnswer) =>
  `${label} ${kind.average === null ? '–' : kind.average.toFixed(1)} (${kind.count.toLocaleString('en-US')})`;

const starsLabel = (stars: number) => `${stars} ${stars === 1 ? 'star' : 'stars'}`;
const votesLabel = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'vote' : 'votes'}`;

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
  const max = Math.max(1, ...rating.histogram);
  section.querySelectorAll<HTMLMeterElement>('[data-rating-histogram] meter').forEach((meter, i) => {
    const bar = 5 - i;
    const n = rating.histogram[bar - 1] ?? 0;
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
    }
  }
  const remove = section.querySelector<HTMLFormElement>('[data-rating-remove]');
  if (remove) remove.hidden = rating.yours === null;
  const submit = section.querySelector<HTMLButtonElement>('.rating__form button[type="submit"]');
  if (submit) submit.textContent = rating.yours === null ? 'Rate' : 'Change rating';
}

export function enhanceRatings(root: ParentNode): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-island="rating"]')) {
    const url = `/api/v1/films/${section.dataset.slug}/rating`;
    const form = section.querySelector<HTMLFormElement>('.rating__form');
    const remove = section.querySelector<HTMLFormElement>('[data-rating-remove]');
    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const checked = form.querySelector<HTMLInputElement>('input[name="stars"]:checked');
      if (!checked) return announce(section, 'Choose a number of stars first.');
      const result = await callApi<RatingAnswer>('PUT', url, form, { stars: Number(checked.value) });
      if (!result.ok) return announce(section, result.message);
      render(section, result.data);
      announce(section, `Thanks! Your rating of ${starsLabel(Number(checked.value))} is saved.`);
    });
    // Choosing a star submits at once, as visitors expect from a star widget; the button stays for keyboards.
    for (const input of section.querySelectorAll<HTMLInputElement>('input[name="stars"]')) {
      input.addEventListener('click', () => form?.requestSubmit());
    }
    remove?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await callApi<RatingAnswer>('DELETE', url, remove);
      if (!result.ok) return announce(section, result.message);
      render(section, result.data);
      announce(section, 'Your rating was removed.');
    });
  }
}
