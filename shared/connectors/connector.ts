import { z } from 'zod';
import { checkOrigin, isOnOrigins, originOf, type OriginProblem } from '../origins';
import { cssSelectorProblem } from './css-selector';

/**
 * An app connector: how the extension signs a person into a site that has no SSO. IT writes one per app;
 * districts share them as JSON. The same schema validates the admin API, the import file and, in the
 * extension, what the API hands over with a release.
 */

/** The credential parts a connector can place into a page. */
export const CREDENTIAL_FIELDS = ['username', 'password', 'extra'] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

const selector = z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters');
const fieldName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

/** Where each credential part goes: a CSS selector (fill, steps) or a form field name (post). */
const targets = <T extends z.ZodType>(target: T) =>
  z.strictObject({ username: target.optional(), password: target.optional(), extra: target.optional() });

const fillLogin = z.strictObject({
  mode: z.literal('fill'),
  fields: targets(selector),
  submit: selector.optional(),
  /** A same-origin iframe that holds the form, named by a selector on the top page. */
  frame: selector.optional(),
  /** The app's own form sends the password in its address (method GET); refused unless this is true. */
  passwordInAddress: z.boolean().optional(),
});

const postLogin = z.strictObject({
  mode: z.literal('post'),
  action: z.string().trim().min(1, 'is required'),
  fields: targets(fieldName),
  staticFields: z.record(fieldName, z.string().max(500)).default({}),
});

const loginStep = z.strictObject({
  fields: targets(selector),
  submit: selector,
  autoSubmit: z.boolean().default(true),
  passwordInAddress: z.boolean().optional(),
});

const stepsLogin = z.strictObject({
  mode: z.literal('steps'),
  steps: z.array(loginStep).min(2, 'needs at least 2 steps').max(5, 'may have at most 5 steps'),
});

/** What the page looks like after submit: a URL (a `*` matches anything) or an element that appears. */
const signalShape = { urlPattern: z.string().trim().min(1).max(500).optional(), element: selector.optional() };
const needsUrlOrElement = (signal: { urlPattern?: string; element?: string }) =>
  signal.urlPattern !== undefined || signal.element !== undefined;
const pageSignal = z.strictObject(signalShape).refine(needsUrlOrElement, 'needs urlPattern or element');

/**
 * The site's "wrong password" answer. `text`, when given, must also appear (case and spacing aside) in the
 * element, or in the page when there is no element: a site that shows one box for every error (a stale
 * token too) blames the password only with its words.
 */
const failureSignal = z
  .strictObject({
    ...signalShape,
    text: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  })
  .refine(needsUrlOrElement, 'needs urlPattern or element');

export const connectorBody = z.strictObject({
  launchUrl: z.string().trim().min(1, 'is required').max(2000),
  /** The exact origins (scheme, host, port) the credential may be used on. */
  origins: z.array(z.string().trim()).min(1, 'needs at least one origin').max(5, 'may list at most 5 origins'),
  login: z.discriminatedUnion('mode', [fillLogin, postLogin, stepsLogin]),
  success: pageSignal.optional(),
  failure: failureSignal.optional(),
  /** Shown to people beside the extra credential part, e.g. "School code"; absent when there is none. */
  extraFieldLabel: z.string().trim().min(1).max(60).optional(),
  /** Whether people may store their own entry for this app, and whose entry wins when both exist. */
  userEntries: z.enum(['off', 'it_wins', 'user_wins']).default('off'),
  /** What the tile may show on a computer without the extension. */
  withoutExtension: z
    .strictObject({ showUsername: z.boolean().default(true), revealPassword: z.boolean().default(false) })
    .default({ showUsername: true, revealPassword: false }),
});

export type ConnectorDefinition = z.infer<typeof connectorBody>;
export type LoginRecipe = ConnectorDefinition['login'];

const ORIGIN_PROBLEMS: Record<OriginProblem, string> = {
  not_a_url: 'is not a URL',
  not_an_origin: 'must be an origin only (scheme, host and port, no path)',
  insecure: 'must use https (http only for localhost and *.test in development)',
};

/** Every place in a login recipe that names a credential part. */
function fieldsUsed(login: LoginRecipe): CredentialField[] {
  const groups = login.mode === 'steps' ? login.steps.map((step) => step.fields) : [login.fields];
  return groups.flatMap((group) => CREDENTIAL_FIELDS.filter((field) => group[field] !== undefined));
}

/** Every CSS selector in a connector, with the path a problem list names it by. */
function selectorsIn(connector: ConnectorDefinition): { path: (string | number)[]; value: string }[] {
  const found: { path: (string | number)[]; value: string }[] = [];
  const add = (path: (string | number)[], value: string | undefined) => {
    if (value !== undefined) found.push({ path, value });
  };
  const addFields = (path: (string | number)[], fields: Partial<Record<CredentialField, string>>) =>
    CREDENTIAL_FIELDS.forEach((field) => add([...path, field], fields[field]));
  const { login } = connector;
  if (login.mode === 'fill') {
    addFields(['login', 'fields'], login.fields);
    add(['login', 'submit'], login.submit);
    add(['login', 'frame'], login.frame);
  }
  if (login.mode === 'steps') {
    login.steps.forEach((step, index) => {
      addFields(['login', 'steps', index, 'fields'], step.fields);
      add(['login', 'steps', index, 'submit'], step.submit);
    });
  }
  add(['success', 'element'], connector.success?.element);
  add(['failure', 'element'], connector.failure?.element);
  return found;
}

/**
 * `.example` is reserved (RFC 2606) and never resolves: an origin there is the editor's starter text or a
 * documentation sample that was saved unchanged.
 */
function isPlaceholderUrl(url: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && new URL(origin).hostname.endsWith('.example');
}

const PLACEHOLDER_PROBLEM = 'is a placeholder (.example): replace it with the app’s real address';

/**
 * The full connector schema: shape plus the rules that tie its parts together. `allowDevelopmentHttp`
 * admits http origins on loopback and `*.test` (development and tests only).
 */
export function connectorSchema({ allowDevelopmentHttp }: { allowDevelopmentHttp: boolean }) {
  return connectorBody.superRefine((connector, ctx) => {
    connector.origins.forEach((origin, index) => {
      const problem = checkOrigin(origin, allowDevelopmentHttp);
      if (problem) ctx.addIssue({ code: 'custom', path: ['origins', index], message: ORIGIN_PROBLEMS[problem] });
      else if (isPlaceholderUrl(origin))
        ctx.addIssue({ code: 'custom', path: ['origins', index], message: PLACEHOLDER_PROBLEM });
    });
    if (!isOnOrigins(connector.launchUrl, connector.origins)) {
      ctx.addIssue({ code: 'custom', path: ['launchUrl'], message: 'must be on one of the listed origins' });
    } else if (isPlaceholderUrl(connector.launchUrl)) {
      ctx.addIssue({ code: 'custom', path: ['launchUrl'], message: PLACEHOLDER_PROBLEM });
    }
    for (const { path, value } of selectorsIn(connector)) {
      const problem = cssSelectorProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    }
    const { login } = connector;
    if (login.mode === 'post' && !isOnOrigins(login.action, connector.origins)) {
      ctx.addIssue({ code: 'custom', path: ['login', 'action'], message: 'must be on one of the listed origins' });
    }
    const used = fieldsUsed(login);
    if (!used.includes('password')) {
      ctx.addIssue({ code: 'custom', path: ['login', 'fields'], message: 'must say where the password goes' });
    }
    if (used.includes('extra') && connector.extraFieldLabel === undefined) {
      ctx.addIssue({ code: 'custom', path: ['extraFieldLabel'], message: 'is required when an extra field is used' });
    }
  });
}

/** The file districts exchange: `connectors export` writes it, `connectors import` reads it. */
export const CONNECTOR_FILE_FORMAT = 'gatehouse-connectors/1';

export const connectorFile = z.strictObject({
  format: z.literal(CONNECTOR_FILE_FORMAT),
  connectors: z
    .array(z.object({ app: z.string().trim().min(1, 'is required') }).passthrough())
    .max(500, 'may hold at most 500 connectors'),
});
