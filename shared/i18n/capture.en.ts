/** English messages of "Capture this login" (extension popup, in-page banner) and its drafts on the Connectors page. */
export const captureEn = {
  'capture.title': 'Capture this login',
  'capture.intro':
    'Record how this app’s login page works, instead of writing selectors. Nothing you type is recorded.',
  'capture.app': 'App',
  'capture.start': 'Capture this login',
  'capture.cancel': 'Cancel capture',
  'capture.noPage': 'Open the app’s login page in a tab first.',
  'capture.starting': 'Starting the capture on the page…',
  'capture.next.username': 'Click the username field.',
  'capture.next.password': 'Click the password field.',
  'capture.next.extra': 'Click the extra field (a school code, for example), if the page has one.',
  'capture.next.submit': 'Click the button that signs in (or goes to the next page).',
  'capture.skip.username': 'There is no username field here',
  'capture.skip.password': 'The password is on the next page',
  'capture.skip.extra': 'There is no other field',
  'capture.pickAgain': 'That element cannot be named reliably. Click the field itself, or another one.',
  'capture.step': 'Step {step} of {steps}',
  'capture.escape': 'Press Escape to cancel.',
  'capture.continue': 'Now type the username and press the button you picked. The capture goes on on the next page.',
  'capture.signIn': 'Now sign in once, as you would. Nothing you type is recorded.',
  'capture.sending': 'Sending the draft to the portal…',
  'capture.sent': 'Captured. Review the draft for {app} on the portal’s Connectors page.',
  'capture.cancelled': 'Capture cancelled. Nothing was recorded.',
  'capture.failed': 'The capture stopped: {reason}',
  'capture.failedPage': 'the page could not be read.',

  'captureDrafts.title': 'Drafts from capture',
  'captureDrafts.intro':
    'Logins IT captured with the extension. Open one to review it in the connector form, then save it as the app’s connector, or discard it.',
  'captureDrafts.none': 'No captured drafts.',
  'captureDrafts.capturedBy': 'Captured by {name}, {time}',
  'captureDrafts.review': 'Review',
  'captureDrafts.discard': 'Discard',
  'captureDrafts.discarded': 'The draft for {app} was discarded.',
  'captureDrafts.reviewTitle': 'Captured draft for {app}',
  'captureDrafts.reviewHint':
    'This is what the capture recorded. Check it, edit it if needed, and save it as the app’s connector.',
  'captureDrafts.saveAsConnector': 'Save as the app’s connector',

  'error.draft_gone': 'That draft was already saved or discarded.',
} as const;
