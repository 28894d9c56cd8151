// The history import's progress page without reloading (decision 036): the bar follows
// `/settings/import/:id/progress.json`, and when the import ends the page's section is swapped for the one with the
// report. Without JavaScript the upload form sends no `live` field and the page reloads itself (a Refresh header).

interface Progress {
  status: 'running' | 'done' | 'failed' | 'interrupted';
  processed: number;
  total: number;
}

const POLL_MS = 1000;

/** The upload form asks for the live page: the job page then leaves out its Refresh header. */
function askForLivePage(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-import-form]')) {
    if (form.querySelector('input[name="live"]')) continue;
    const live = document.createElement('input');
    live.type = 'hidden';
    live.name = 'live';
    live.value = '1';
    form.append(live);
  }
}

async function progressOf(id: string): Promise<Progress | null> {
  try {
    const response = await fetch(`/settings/import/${encodeURIComponent(id)}/progress.json`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    return response.ok ? ((await response.json()) as Progress) : null;
  } catch {
    return null;
  }
}

function showProgress(section: HTMLElement, { processed, total }: Progress): void {
  const bar = section.querySelector<HTMLProgressElement>('[data-import-progress]');
  const status = section.querySelector<HTMLElement>('[data-import-count]');
  const percent = total ? Math.min(100, Math.round((processed / total) * 100)) : 0;
  if (bar) {
    bar.max = total || 1;
    bar.value = processed;
    bar.textContent = `${percent}%`;
  }
  if (status) status.textContent = `${processed} of ${total} rows (${percent}%)`;
}

/** The finished page's section (report, or why it stopped) in place of the running one; a full load if that fails. */
async function showOutcome(section: HTMLElement, id: string): Promise<void> {
  const url = `/settings/import/${encodeURIComponent(id)}?live=1`;
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.querySelector<HTMLElement>('[data-import-page]');
    if (!response.ok || !fresh) throw new Error(`job page answered ${response.status}`);
    section.replaceWith(document.importNode(fresh, true));
  } catch {
    window.location.assign(url);
  }
}

export function enhanceImportProgress(root: Document): void {
  askForLivePage(root);
  const section = root.querySelector<HTMLElement>('[data-import-job]');
  const id = section?.dataset.importJob;
  if (!section || !id) return;
  const poll = async () => {
    const progress = await progressOf(id);
    if (progress && progress.status !== 'running') return showOutcome(section, id);
    if (progress) showProgress(section, progress);
    window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS);
}
