import type { Role } from '../../../shared/roles';

/** A failed API call, carrying the server's stable error code (the catalog key is `error.<code>`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface Viewer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  grade: number | null;
}

export interface Tile {
  id: string;
  slug: string;
  name: string;
  description: string;
  launchUrl: string;
  color: string;
}

/** Calls the portal's own API. State changes send JSON, which the server's CSRF guard requires. */
export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError('network', 0, 'network');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      payload.error?.code ?? 'unknown',
      response.status,
      payload.error?.message ?? response.statusText,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return payload as T;
}
