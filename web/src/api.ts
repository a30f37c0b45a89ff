/** A refusal or failure from the API, with its status and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token, sent back on every change (the server refuses changes without it). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Fired when the API says the session ended, so the console shows the sign-in page. */
export const signedOutEvent = 'vigil:signed-out';

/**
 * Calls the API with the session cookie; JSON in and out. A 401 outside sign-in means the session
 * timed out or ended.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; background?: boolean } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  // A load the console makes on its own (after a server event) is no activity of the user's:
  // the server does not let it keep the session alive.
  if (init.background) headers['x-vigil-background'] = '1';
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const payload = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const message = (payload as { error?: string } | null)?.error ?? response.statusText;
    if (response.status === 401 && !path.startsWith('/api/v1/auth/'))
      window.dispatchEvent(new Event(signedOutEvent));
    throw new ApiError(response.status, message);
  }
  return payload as T;
}

/** A query string from the defined values. */
export function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== '') parameters.set(name, String(value));
  const text = parameters.toString();
  return text ? `?${text}` : '';
}
