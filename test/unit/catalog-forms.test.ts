// The Apps page's and the connector editor's forms as data: what a click changes in the rule or connector the
// server will get, what the page refuses before asking, and which field a server's problem lands beside.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../server/web/src/api';
import {
  BLANK_DRAFT,
  draftOf,
  draftProblems,
  iconFileProblem,
  idsFromText,
  matchesFilter,
  newCondition,
  serverFieldProblems,
  slugFrom,
  withChoice,
  withRole,
} from '../../server/web/src/pages/apps-admin/app-form';
import {
  draftFromText,
  draftText,
  fieldIdOf,
  staticFieldsFrom,
  staticFieldsText,
  withLoginMode,
  withNewStep,
  withoutEmptySignals,
  withoutItem,
  withValue,
} from '../../server/web/src/pages/connectors/connector-form';
import type { AdminApp } from '../../shared/catalog-admin';

describe('the app form', () => {
  it('keeps roles and campuses in a fixed order whatever order they were ticked in', () => {
    const ticked = withRole(withRole([], 'teacher', true), 'student', true);
    expect(ticked).toEqual(['student', 'teacher']);
    expect(withRole(ticked, 'student', false)).toEqual(['teacher']);
    expect(withChoice(['c2'], 'c1', true, ['c1', 'c2', 'c3'])).toEqual(['c1', 'c2']);
  });

  it('starts each condition kind at a value that means something', () => {
    expect(newCondition('grade')).toEqual({ kind: 'grade', min: -1, max: 12 });
    expect(newCondition('person')).toEqual({ kind: 'person', anyOf: [], value: false });
    expect(newCondition('hasEmail')).toEqual({ kind: 'hasEmail', value: true });
  });

  it('reads class ids typed one a line or with commas, each once', () => {
    expect(idsFromText('c-1\n c-2, c-1,,\n')).toEqual(['c-1', 'c-2']);
  });

  it('suggests a slug from the name', () => {
    expect(slugFrom('Lexia Core5')).toBe('lexia-core5');
    expect(slugFrom('  Matemáticas & Más!  ')).toBe('matematicas-mas');
  });

  it('names every field the shared schema refuses, so each problem shows beside its field', () => {
    const draft = {
      ...BLANK_DRAFT,
      name: '',
      slug: 'Not A Slug',
      rules: [{ name: 'Grade 4', conditions: [{ kind: 'grade' as const, min: 5, max: 4 }] }],
    };
    const problems = draftProblems(draft);
    expect(problems['name']).toBe('is required');
    expect(problems['slug']).toBe('must be lower-case letters, digits and single dashes');
    expect(problems['rules.0.conditions.0']).toBe('min must not be above max');
    const named = { ...BLANK_DRAFT, name: 'Lexia', slug: 'lexia', launchUrl: 'https://lexia.test/' };
    expect(draftProblems(named)).toEqual({ 'rules.0.name': 'is required' });
    expect(draftProblems({ ...named, rules: [{ ...named.rules[0]!, name: 'Students' }] })).toEqual({});
  });

  it('finds every field a server’s refusal names: its listed problems, or the one its message names', () => {
    const listed = new ApiError('launch_url_insecure', 400, 'launchUrl: must use https', null, [
      { app: 'lexia', field: 'launchUrl', code: 'launch_url_insecure', problem: 'must use https' },
      { app: 'lexia', field: 'rules.0.name', code: 'invalid_request', problem: 'is required' },
    ]);
    expect(serverFieldProblems(listed)).toEqual([
      { path: 'launchUrl', code: 'launch_url_insecure', problem: 'must use https' },
      { path: 'rules.0.name', code: 'invalid_request', problem: 'is required' },
    ]);
    expect(serverFieldProblems(new ApiError('invalid_request', 400, 'draft.rules.0.name: is required'))).toEqual([
      { path: 'rules.0.name', code: 'invalid_request', problem: 'is required' },
    ]);
    expect(serverFieldProblems(new ApiError('slug_taken', 409, 'slug: is already the slug of another app'))).toEqual([
      { path: 'slug', code: 'slug_taken', problem: 'is already the slug of another app' },
    ]);
    expect(serverFieldProblems(new ApiError('forbidden', 403, 'draft: no'))).toEqual([]);
  });

  it('takes only small PNG, JPEG or WebP icons (never SVG)', () => {
    expect(iconFileProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(iconFileProblem({ type: 'image/svg+xml', size: 1000 })).toBe('type');
    expect(iconFileProblem({ type: 'image/webp', size: 64 * 1024 + 1 })).toBe('size');
  });

  it('edits a saved app without the fields the server keeps, and filters by either name or slug', () => {
    const app: AdminApp = {
      ...BLANK_DRAFT,
      id: 'app-1',
      slug: 'lexia',
      name: 'Lexia',
      nameEs: 'Lexia en español',
      rules: [{ id: 'r1', name: 'All', conditions: [{ kind: 'role', anyOf: ['student'] }] }],
      version: 3,
      retiredAt: null,
      hasUploadedIcon: false,
    };
    const draft = draftOf(app);
    expect(draft).not.toHaveProperty('version');
    expect(draft.rules[0]).toEqual({ id: 'r1', name: 'All', conditions: [{ kind: 'role', anyOf: ['student'] }] });
    expect(matchesFilter(app, 'español')).toBe(true);
    expect(matchesFilter(app, 'LEX')).toBe(true);
    expect(matchesFilter(app, 'math')).toBe(false);
  });
});

describe('the connector form', () => {
  const fill = {
    launchUrl: 'https://app.test/login',
    origins: ['https://app.test'],
    login: { mode: 'fill', fields: { username: '#user', password: '#pass' }, submit: 'button' },
  };

  it('sets a field, and removes an optional one left empty rather than send an empty string', () => {
    const framed = withValue(fill, ['login', 'frame'], 'iframe#login');
    expect((framed.login as Record<string, unknown>).frame).toBe('iframe#login');
    expect(withValue(framed, ['login', 'frame'], '').login).toEqual(fill.login);
    expect(withValue(fill, ['origins', 1], 'https://b.test').origins).toEqual(['https://app.test', 'https://b.test']);
    expect(withoutItem(fill, ['origins'], 0).origins).toEqual([]);
    expect(fill.login).not.toHaveProperty('frame');
  });

  it('drops a success signal emptied of both its parts', () => {
    const signalled = withValue(fill, ['success', 'element'], '.welcome');
    expect(withoutEmptySignals(withValue(signalled, ['success', 'element'], ''))).not.toHaveProperty('success');
  });

  it('carries the username and password places over when the mode changes', () => {
    const steps = withLoginMode(fill, 'steps');
    expect(steps.login).toEqual({
      mode: 'steps',
      steps: [
        { fields: { username: '#user' }, submit: 'button', autoSubmit: true },
        { fields: { password: '#pass' }, submit: 'button', autoSubmit: true },
      ],
    });
    expect(withLoginMode(steps, 'fill').login).toEqual({
      mode: 'fill',
      fields: { username: '#user' },
      submit: 'button',
    });
    expect((withLoginMode(fill, 'post').login as { mode: string }).mode).toBe('post');
    expect(withLoginMode(fill, 'fill')).toBe(fill);
  });

  it('adds steps up to five and no more', () => {
    let draft = withLoginMode(fill, 'steps');
    for (let i = 0; i < 5; i += 1) draft = withNewStep(draft);
    expect((draft.login as { steps: unknown[] }).steps).toHaveLength(5);
  });

  it('reads POST’s other fields one name=value a line, and writes them back alike', () => {
    expect(staticFieldsFrom('district=lakeside\nremember=\n\n = x')).toEqual({ district: 'lakeside', remember: '' });
    expect(staticFieldsText({ district: 'lakeside', a: 'b=c' })).toBe('district=lakeside\na=b=c');
  });

  it('keeps the JSON view and the form one object, and waits while the JSON is broken', () => {
    expect(draftFromText(draftText(fill))).toEqual(fill);
    expect(draftFromText('{ "launchUrl": ')).toBeNull();
    expect(draftFromText('[1, 2]')).toBeNull();
    expect(fieldIdOf('login.fields.password')).toBe(fieldIdOf(['login', 'fields', 'password']));
  });
});
