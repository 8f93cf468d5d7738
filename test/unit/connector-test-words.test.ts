// What IT reads after a connector test: every outcome, blame and sighting the extension can report comes out
// as words, in both languages, with nothing left as a raw code.
import { describe, expect, it } from 'vitest';
import { describeTestRun } from '../../server/web/src/pages/connectors/describe-test-run';
import type { ConnectorTestRunView } from '../../shared/connector-tests';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';

const run = (changes: Partial<ConnectorTestRunView>): ConnectorTestRunView => ({
  id: 'run-1',
  appId: 'app-reading-garden',
  state: 'finished',
  createdAt: 0,
  expiresAt: 300_000,
  releasedAt: 1_000,
  outcome: null,
  reason: null,
  blame: null,
  seen: null,
  ...changes,
});
const wordsIn = (locale: Locale, view: ConnectorTestRunView) =>
  describeTestRun(view, (key: MessageKey, params?: MessageParams) => translate(locale, key, params));

describe('a connector test in words', () => {
  it('says a hidden field and a form sent by its default button point at the connector', () => {
    const words = wordsIn(
      'en',
      run({
        outcome: 'failed',
        reason: 'field_not_visible',
        blame: 'connector',
        seen: {
          step: 1,
          fields: { username: 'matched', password: 'hidden' },
          submit: 'default_button',
          signal: 'none',
        },
      }),
    );
    expect(words).toEqual({
      summary: 'Did not sign in: a sign-in field was hidden.',
      alreadySignedIn: null,
      blame: 'This points at the connector: check its fields, submit button and signals against the page.',
      seen: [
        'Login page 2 of the connector’s steps.',
        'Username field: found and filled.',
        'Password field: found, but hidden on the page.',
        'Sent by pressing the form’s default button (what Enter does).',
        'Neither the success nor the failure signal showed.',
      ],
      pending: false,
    });
  });

  it('says an existing session counted as signed in, in Spanish too', () => {
    const seen = { step: 0, fields: {}, submit: 'none', signal: 'success', alreadySignedIn: true } as const;
    const words = wordsIn('es', run({ outcome: 'succeeded', seen }));
    expect(words.summary).toBe('Sesión iniciada: la cuenta de prueba entró.');
    expect(words.alreadySignedIn).toMatch(/^El navegador ya tenía la sesión iniciada/);
    expect(words.seen).toEqual(['No se envió.', 'Apareció la señal de éxito del conector.']);
  });

  it('keeps asking while the run waits or runs, and stops when it expired', () => {
    expect(wordsIn('en', run({ state: 'waiting', releasedAt: null }))).toMatchObject({ pending: true });
    expect(wordsIn('en', run({ state: 'running', outcome: 'filled' }))).toMatchObject({ pending: true });
    expect(wordsIn('en', run({ state: 'expired', releasedAt: null }))).toMatchObject({
      summary: 'No extension picked the test up within five minutes, so it was cancelled. Start it again.',
      pending: false,
    });
  });

  it('says what it can when the extension never said what it saw', () => {
    const words = wordsIn('en', run({ outcome: 'submitted' }));
    expect(words.summary).toMatch(/^The sign-in was sent, but neither/);
    expect(words.seen).toEqual(['The extension did not say what it saw (an older extension).']);
  });
});
