import { CREDENTIAL_FIELDS, type ConnectorDefinition } from '../../../../../shared/connectors/connector';

// The connector form and its JSON view edit one object. These pure steps read it and change it (unit-tested);
// the server validates the result.

/** A connector as the form holds it: anything JSON, read with defaults. */
export type ConnectorDraft = Record<string, unknown>;
export type LoginMode = ConnectorDefinition['login']['mode'];
export const LOGIN_MODES: readonly LoginMode[] = ['fill', 'post', 'steps'];
export const USER_ENTRY_CHOICES = ['off', 'it_wins', 'user_wins'] as const;
export const MAX_ORIGINS = 5;
export const MIN_STEPS = 2;
export const MAX_STEPS = 5;

export type Path = (string | number)[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, or undefined. */
export function valueAt(draft: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (isRecord(at) || Array.isArray(at) ? (at as never)[key] : undefined), draft);
}

export const textAt = (draft: unknown, path: Path): string => {
  const value = valueAt(draft, path);
  return typeof value === 'string' ? value : '';
};

/**
 * A copy of `draft` with `value` at `path` (objects made on the way). Setting '' or undefined removes the key,
 * so an optional field left empty is absent from the JSON rather than an empty string the server refuses.
 */
export function withValue<T>(draft: T, path: Path, value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return value as T;
  const removing = rest.length === 0 && (value === '' || value === undefined);
  if (typeof key === 'number') {
    const list = Array.isArray(draft) ? [...draft] : [];
    list[key] = withValue(list[key], rest, value);
    return list as T;
  }
  const object: Record<string, unknown> = isRecord(draft) ? { ...draft } : {};
  if (removing) delete object[key];
  else object[key] = withValue(object[key], rest, value);
  return object as T;
}

/** A copy of the list at `path` without item `index`. */
export function withoutItem<T>(draft: T, path: Path, index: number): T {
  const list = valueAt(draft, path);
  return withValue(draft, path, Array.isArray(list) ? list.filter((_, at) => at !== index) : []);
}

export function loginModeOf(draft: unknown): LoginMode {
  const mode = valueAt(draft, ['login', 'mode']);
  return LOGIN_MODES.includes(mode as LoginMode) ? (mode as LoginMode) : 'fill';
}

/**
 * The login recipe in another mode, keeping what carries over: the username and password places, and the
 * submit button (fill ⇄ steps); a form field name has no selector to carry, so post starts from the names.
 */
export function withLoginMode(draft: ConnectorDraft, mode: LoginMode): ConnectorDraft {
  const from = loginModeOf(draft);
  if (from === mode && isRecord(draft.login)) return draft;
  const login = isRecord(draft.login) ? draft.login : {};
  const firstStep = Array.isArray(login.steps) && isRecord(login.steps[0]) ? login.steps[0] : {};
  const fields = isRecord(login.fields) ? login.fields : isRecord(firstStep.fields) ? firstStep.fields : {};
  const submit = typeof login.submit === 'string' ? login.submit : textAt(firstStep, ['submit']);
  switch (mode) {
    case 'fill':
      return { ...draft, login: { mode, fields, ...(submit && { submit }) } };
    case 'post':
      return {
        ...draft,
        login: { mode, action: '', fields: { username: 'username', password: 'password' }, staticFields: {} },
      };
    case 'steps': {
      const { password, ...beforePassword } = fields as Record<string, string>;
      return {
        ...draft,
        login: {
          mode,
          steps: [
            { fields: beforePassword, submit, autoSubmit: true },
            { fields: password === undefined ? {} : { password }, submit, autoSubmit: true },
          ],
        },
      };
    }
  }
}

/** A new empty step at the end (up to the most the schema allows). */
export function withNewStep(draft: ConnectorDraft): ConnectorDraft {
  const steps = valueAt(draft, ['login', 'steps']);
  const list = Array.isArray(steps) ? steps : [];
  if (list.length >= MAX_STEPS) return draft;
  return withValue(draft, ['login', 'steps', list.length], { fields: {}, submit: '', autoSubmit: true });
}

/** A success or failure signal left with neither part is no signal: it goes, rather than be refused. */
export function withoutEmptySignals(draft: ConnectorDraft): ConnectorDraft {
  const next = { ...draft };
  for (const signal of ['success', 'failure']) {
    const value = next[signal];
    if (isRecord(value) && Object.keys(value).length === 0) delete next[signal];
  }
  return next;
}

/** Hidden form fields sent with a POST, one `name=value` a line. */
export function staticFieldsText(value: unknown): string {
  if (!isRecord(value)) return '';
  return Object.entries(value)
    .map(([name, field]) => `${name}=${String(field)}`)
    .join('\n');
}

export function staticFieldsFrom(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    const name = (at < 0 ? line : line.slice(0, at)).trim();
    if (name) fields[name] = at < 0 ? '' : line.slice(at + 1);
  }
  return fields;
}

/** The JSON view's text of a draft. */
export const draftText = (draft: ConnectorDraft) => JSON.stringify(draft, null, 2);

/** The draft the JSON view's text holds, or null while it is not a JSON object. */
export function draftFromText(text: string): ConnectorDraft | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The server names a problem's place as "login.fields.password"; the form's field ids are built from it. */
export const fieldIdOf = (path: Path | string) =>
  `connector-${(typeof path === 'string' ? path : path.join('.')).replace(/\./g, '-')}`;

export { CREDENTIAL_FIELDS };
