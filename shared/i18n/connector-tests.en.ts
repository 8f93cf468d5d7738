/** English messages of IT's "Test this connector" (a feature's own file, spread into en.ts). */
export const connectorTestsEn = {
  'connectorTest.title': 'Test this connector',
  'connectorTest.intro':
    'Sign in once with a test account, using the connector as it is in the editor (saved or not). The extension in this browser opens the app in a new tab. Students’ stored sign-ins and App health are not touched.',
  'connectorTest.username': 'Test account username',
  'connectorTest.password': 'Test account password',
  'connectorTest.extra': '{label} (if the app asks for it)',
  'connectorTest.extraDefault': 'Extra field',
  'connectorTest.start': 'Test',
  'connectorTest.starting': 'Starting the test…',
  'connectorTest.notJson': 'The connector in the editor is not valid JSON, so it cannot be tested.',
  'connectorTest.noExtension':
    'This browser has no Gatehouse extension signed in as you, so it cannot run the test. Test from a district-managed Chromebook or browser.',

  'connectorTest.state.waiting': 'Waiting for the extension to open the app…',
  'connectorTest.state.running': 'The extension is signing in with the test account…',
  'connectorTest.state.expired':
    'No extension picked the test up within five minutes, so it was cancelled. Start it again.',

  'connectorTest.outcome.succeeded': 'Signed in: the test account got in.',
  'connectorTest.outcome.failed': 'Did not sign in: {reason}.',
  'connectorTest.outcome.submitted':
    'The sign-in was sent, but neither the success nor the failure signal showed. Add a success signal to the connector so the extension can tell.',
  'connectorTest.outcome.filled': 'The form was filled but not sent (the connector does not submit).',
  'connectorTest.outcome.none': 'The extension reported nothing. Check that the app opened in a new tab.',
  'connectorTest.alreadySignedIn':
    'The browser was already signed in to the app, so the form was not needed. Sign out of the app in this browser to test the form itself.',

  'connectorTest.blame.credential':
    'This points at the test account: the site said the username or password is wrong. The connector worked.',
  'connectorTest.blame.connector':
    'This points at the connector: check its fields, submit button and signals against the page.',
  'connectorTest.blame.page':
    'This points at the page or the network: it was slow or changed while the extension worked.',

  'connectorTest.seen.title': 'What the extension saw',
  'connectorTest.seen.step': 'Login page {number} of the connector’s steps.',
  'connectorTest.seen.field.username': 'Username field',
  'connectorTest.seen.field.password': 'Password field',
  'connectorTest.seen.field.extra': 'Extra field',
  'connectorTest.seen.matched': '{field}: found and filled.',
  'connectorTest.seen.hidden': '{field}: found, but hidden on the page.',
  'connectorTest.seen.missing': '{field}: not found on the page.',
  'connectorTest.seen.submit.button': 'Sent by pressing the connector’s submit button.',
  'connectorTest.seen.submit.default_button': 'Sent by pressing the form’s default button (what Enter does).',
  'connectorTest.seen.submit.form': 'Sent by submitting the form.',
  'connectorTest.seen.submit.post': 'Sent directly as a POST.',
  'connectorTest.seen.submit.none': 'Not sent.',
  'connectorTest.seen.signal.success': 'The connector’s success signal showed.',
  'connectorTest.seen.signal.failure': 'The connector’s failure signal showed.',
  'connectorTest.seen.signal.none': 'Neither the success nor the failure signal showed.',
  'connectorTest.seen.unknown': 'The extension did not say what it saw (an older extension).',

  'error.test_app_not_found': 'That app was not found.',
  'error.test_no_connector': 'This app has no saved connector; test the one in the editor.',
  'error.test_run_not_found': 'That connector test was not found for you.',
  'error.test_run_app_mismatch': 'That connector test was for a different app.',
  'error.test_run_expired': 'That connector test has expired; start it again.',
  'error.test_run_used': 'That connector test already ran; start it again.',
  'error.test_run_not_released': 'That connector test has not started yet, so there is no outcome to report.',
  'error.test_run_finished': 'That connector test already has its outcome.',
  'error.test_not_allowed': 'Only IT can run connector tests.',
} as const;
