// The fill planner decides, from a secret-free snapshot of the page, what may be filled where; every rule
// of SECURITY.md "The extension" that the snapshot can answer is judged here, without a browser.
import { describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import {
  collectRequest,
  matchesUrlPattern,
  planFill,
  planPost,
  rejectionReason,
  seenFields,
  submitRules,
  valuesFor,
} from '../../extension/lib/fill/plan-fill';
import { connectorSchema } from '../../shared/connectors/connector';
import type { CollectRequest, PageSnapshot } from '../../extension/lib/fill/fill-types';

const APP = 'https://app.example.org';
const request: CollectRequest = {
  fields: { username: '#user', password: '#pass' },
  submit: 'button[type=submit]',
  waitMs: 0,
};
const visible = (ref: number) => ({ ref, visible: true });
const page = (change: Partial<PageSnapshot> = {}): PageSnapshot => ({
  pageOrigin: APP,
  fields: { username: visible(1), password: visible(2) },
  submit: visible(3),
  formAction: `${APP}/session`,
  ...change,
});

describe('planning a fill', () => {
  it('places each part into its field and clicks the submit button', () => {
    const plan = planFill(request, page(), [APP]);
    expect(plan).toEqual({
      ok: true,
      targets: [
        { field: 'username', ref: 1 },
        { field: 'password', ref: 2 },
      ],
      submitRef: 3,
      submitForm: false,
    });
    if (plan.ok) {
      expect(valuesFor(plan, { username: 'ana', password: 'pw' })).toEqual([
        { ref: 1, value: 'ana' },
        { ref: 2, value: 'pw' },
      ]);
    }
  });

  it.each<[string, Partial<PageSnapshot>, string[], string]>([
    ['a page on another origin', { pageOrigin: 'https://app.example.org.evil.test' }, [APP], 'origin_mismatch'],
    ['http where the app is https', { pageOrigin: 'http://app.example.org' }, [APP], 'origin_mismatch'],
    ['a form posting to another origin', { formAction: 'https://collector.test/steal' }, [APP], 'origin_mismatch'],
    [
      'a form posting to an origin the connector does not list',
      { formAction: 'https://collector.test/steal' },
      [APP, 'https://lms.example.org'],
      'origin_mismatch',
    ],
    ['a missing password field', { fields: { username: visible(1), password: null } }, [APP], 'form_not_found'],
    [
      'a transparent password field',
      { fields: { username: visible(1), password: { ref: 2, visible: false, invisibility: 'transparent' } } },
      [APP],
      'field_not_visible',
    ],
    ['a missing submit button', { submit: null }, [APP], 'form_not_found'],
    [
      'a covered submit button',
      { submit: { ref: 3, visible: false, invisibility: 'covered' } },
      [APP],
      'field_not_visible',
    ],
  ])('refuses %s', (_what, change, origins, reason) => {
    expect(planFill(request, page(change), origins)).toEqual({ ok: false, reason });
  });

  it('fills a named frame only when it is on the page and of the page’s own origin', () => {
    const framed = { ...request, frame: 'iframe#login' };
    expect(planFill(framed, page({ frame: { found: true, origin: APP } }), [APP]).ok).toBe(true);
    expect(planFill(framed, page({ frame: { found: false, origin: null } }), [APP])).toEqual({
      ok: false,
      reason: 'form_not_found',
    });
    expect(planFill(framed, page({ frame: { found: true, origin: 'https://other.test' } }), [APP])).toEqual({
      ok: false,
      reason: 'origin_mismatch',
    });
  });

  it('lets a form post to any other origin the connector lists, as post mode may (a school site’s login box)', () => {
    const lms = 'https://lms.example.org';
    expect(planFill(request, page({ formAction: `${lms}/login` }), [APP, lms]).ok).toBe(true);
    expect(
      planPost({ mode: 'post', action: `${lms}/login`, fields: { password: 'p' }, staticFields: {} }, APP, [APP, lms], {
        username: 'ana',
        password: 'pw',
      }),
    ).toMatchObject({ action: `${lms}/login` });
  });

  it('submits the form itself when the connector names no button, and allows fields outside any form', () => {
    const plan = planFill({ ...request, submit: undefined }, page({ formAction: null }), [APP]);
    expect(plan).toMatchObject({ ok: true, submitRef: null, submitForm: true });
  });

  it('asks for one step at a time in a multi-step login', () => {
    const login: ConnectorDefinition['login'] = {
      mode: 'steps',
      steps: [
        { fields: { username: '#u' }, submit: '#next', autoSubmit: true },
        { fields: { password: '#p' }, submit: '#go', autoSubmit: true },
      ],
    };
    expect(collectRequest(login, 1, 500)).toEqual({ fields: { password: '#p' }, submit: '#go', waitMs: 500 });
  });

  it('watches for the success signal while it looks for the form, in every mode (already signed in)', () => {
    const success = { urlPattern: `${APP}/home*` };
    const fill: ConnectorDefinition['login'] = { mode: 'fill', fields: request.fields };
    const post: ConnectorDefinition['login'] = {
      mode: 'post',
      action: APP,
      fields: { password: 'p' },
      staticFields: {},
    };
    expect(collectRequest(fill, 0, 500, success)).toMatchObject({ success });
    expect(collectRequest(post, 0, 500, success)).toEqual({ fields: {}, waitMs: 0, success });
    expect(collectRequest(fill, 0, 500)).not.toHaveProperty('success');
  });
});

describe('what the extension reports it saw', () => {
  it.each<[string, PageSnapshot['fields'], object]>([
    [
      'both fields visible',
      { username: visible(1), password: visible(2) },
      { username: 'matched', password: 'matched' },
    ],
    [
      'a hidden password field',
      { username: visible(1), password: { ref: 2, visible: false, invisibility: 'hidden' } },
      { username: 'matched', password: 'hidden' },
    ],
    [
      'a missing username field',
      { username: null, password: visible(2) },
      { username: 'missing', password: 'matched' },
    ],
  ])('%s', (_what, fields, seen) => {
    expect(seenFields(request, page({ fields }))).toEqual(seen);
  });

  it('says every named field is missing when the page could not be read', () => {
    expect(seenFields(request, undefined)).toEqual({ username: 'missing', password: 'missing' });
  });
});

describe('the lockout guard’s rule', () => {
  it.each([
    ['button', 'credentials_rejected'],
    ['default_button', 'credentials_rejected'],
    ['form', 'credentials_rejected'],
    // A static POST skipped the page's scripts and its fresh token: the site's error proves nothing yet.
    ['post', 'failure_unconfirmed'],
  ] as const)('a failure signal after a %s submit is %s', (way, reason) => {
    expect(rejectionReason(way)).toBe(reason);
  });
});

describe('the failure signal’s words', () => {
  const schema = connectorSchema({ allowDevelopmentHttp: false });
  const base = {
    launchUrl: `${APP}/login`,
    origins: [APP],
    login: { mode: 'fill', fields: { password: '#pass' } },
  };
  it('accepts words to look for inside the element or the page', () => {
    const parsed = schema.safeParse({ ...base, failure: { element: '.alert', text: 'Invalid login' } });
    expect(parsed.success && parsed.data.failure).toEqual({ element: '.alert', text: 'Invalid login' });
  });
  it.each([
    ['too long', { element: '.alert', text: 'x'.repeat(201) }],
    ['without an element or URL to look at', { text: 'Invalid login' }],
    ['empty', { element: '.alert', text: '  ' }],
  ])('refuses them %s, naming the field', (_what, failure) => {
    const parsed = schema.safeParse({ ...base, failure });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe('failure');
  });
  it('are for the failure signal only', () => {
    expect(schema.safeParse({ ...base, success: { element: '#home', text: 'Welcome' } }).success).toBe(false);
  });
});

describe('how strictly the submit is judged', () => {
  const fill: ConnectorDefinition['login'] = { mode: 'fill', fields: request.fields, submit: request.submit };
  const planned = (plan: ReturnType<typeof planFill>) => {
    if (!plan.ok) throw new Error(plan.reason);
    return plan;
  };

  it('refuses a password in the form’s address unless the connector says the app sends it so', () => {
    const plan = planned(planFill(request, page(), [APP]));
    expect(submitRules(fill, 0, plan)).toEqual({ containsPassword: true, passwordInAddress: false });
    expect(submitRules({ ...fill, passwordInAddress: true }, 0, plan)).toEqual({
      containsPassword: true,
      passwordInAddress: true,
    });
  });

  it('lets a step without the password submit however its form does', () => {
    const steps: ConnectorDefinition['login'] = {
      mode: 'steps',
      steps: [
        { fields: { username: '#user' }, submit: '#next', autoSubmit: true },
        { fields: { password: '#pass' }, submit: '#go', autoSubmit: true, passwordInAddress: true },
      ],
    };
    const usernameOnly = { ...request, fields: { username: '#user' } };
    const first = planned(planFill(usernameOnly, page({ fields: { username: visible(1) } }), [APP]));
    expect(submitRules(steps, 0, first)).toEqual({ containsPassword: false, passwordInAddress: false });
    const second = planned(planFill(request, page(), [APP]));
    expect(submitRules(steps, 1, second)).toEqual({ containsPassword: true, passwordInAddress: true });
  });
});

describe('planning a direct POST', () => {
  const login = {
    mode: 'post' as const,
    action: `${APP}/session`,
    fields: { username: 'user', password: 'pass' },
    staticFields: { remember: '0' },
  };
  it('names the fields as the app expects, with its static fields', () => {
    expect(planPost(login, APP, [APP], { username: 'ana', password: 'pw' })).toEqual({
      action: `${APP}/session`,
      fields: { remember: '0', user: 'ana', pass: 'pw' },
      credentialNames: ['user', 'pass'],
    });
  });
  it('refuses from a page on another origin', () => {
    expect(planPost(login, 'https://evil.test', [APP], { username: 'ana', password: 'pw' })).toBeNull();
  });
});

describe('success URL patterns', () => {
  it.each([
    ['https://app.example.org/home', 'https://app.example.org/home*', true],
    ['https://app.example.org/home?tab=1', 'https://app.example.org/home*', true],
    ['https://app.example.org/login', 'https://app.example.org/home*', false],
    ['https://appxexample.org/home', 'https://app.example.org/home*', false],
    ['https://evil.test/?https://app.example.org/home', 'https://app.example.org/home*', false],
  ])('%s against %s → %s', (url, pattern, expected) => {
    expect(matchesUrlPattern(url, pattern)).toBe(expected);
  });
});
