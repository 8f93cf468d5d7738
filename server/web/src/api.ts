import { SIGN_IN_STEPS } from '../../../shared/accounts';
import type { AppIcon as AppIconName } from '../../../shared/catalog-admin';
import type { Role } from '../../../shared/roles';
import { STEP_REQUIRED_EVENT } from './pages/sign-in-steps/step-paths';

/** A failed API call, carrying the server's stable error code (the catalog key is `error.<code>`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    /** Structured detail the server sent with the error, e.g. every rejected row of an import. */
    readonly details: unknown = undefined,
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
  /** '' when the app has no Spanish name. */
  nameEs: string;
  description: string;
  /** '' when the app has no Spanish description. */
  descriptionEs: string;
  launchUrl: string;
  signInKind: 'link' | 'sso' | 'vault';
  color: string;
  /** A built-in icon (one of APP_ICONS), or '' for the initial on the colour. */
  icon: AppIconName | '';
  /** An uploaded image that replaces the built-in icon; null when there is none. */
  iconUrl: string | null;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
}

type ErrorPayload = { error?: { code: string; message: string; details?: unknown } };

/** Sends one request to the portal's own API; a failure becomes an ApiError. */
async function send(path: string, options: RequestOptions): Promise<Response> {
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
  if (response.ok) return response;
  const payload = (await response.json().catch(() => ({}))) as ErrorPayload;
  if (payload.error?.code === 'step_required') announceStepRequired(payload.error.details);
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    payload.error?.code ?? 'unknown',
    response.status,
    payload.error?.message ?? response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    payload.error?.details,
  );
}

/** The session has a sign-in step to take first (the server names it): the app shows that step's page. */
function announceStepRequired(details: unknown) {
  const next = (details as { next?: unknown } | undefined)?.next;
  const step = SIGN_IN_STEPS.find((known) => known === next);
  if (step) dispatchEvent(new CustomEvent(STEP_REQUIRED_EVENT, { detail: step }));
}

/** Calls the portal's own API. State changes send JSON, which the server's CSRF guard requires. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => ({}))) as T;
}

/** Like `api`, for answers that are files (e.g. a CSV export) rather than JSON. */
export async function apiFile(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send(path, options)).blob();
}
