/** Send a form's action as a JSON API call, with the form's CSRF token in the header the server expects. */
export async function callApi<T>(
  method: 'PUT' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  form: HTMLFormElement,
  body?: unknown,
): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  const token = (form.querySelector('input[name="_csrf"]') as HTMLInputElement | null)?.value ?? '';
  try {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        'x-csrf-token': token,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => null)) as
      | (T & { error?: undefined })
      | { error: { message: string } }
      | null;
    if (!response.ok || !json || json.error) {
      const retry = response.headers.get('retry-after');
      const message = json?.error?.message ?? `The server answered ${response.status}.`;
      return { ok: false, message: retry ? `${message} Try again in ${retry} s.` : message };
    }
    return { ok: true, data: json as T };
  } catch {
    return { ok: false, message: 'Could not reach the server. Check your connection and try again.' };
  }
}

export function announce(section: HTMLElement, message: string): void {
  let status = section.querySelector<HTMLElement>('[data-island-status]');
  if (!status) {
    status = document.createElement('p');
    status.className = 'island-status';
    status.setAttribute('role', 'status');
    status.dataset.islandStatus = '';
    section.append(status);
  }
  status.textContent = message;
}
