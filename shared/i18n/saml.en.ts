/** The SAML identity provider's own pages: the form that carries a sign-in to an app, and request problems. */
export const samlEn = {
  'saml.post.title': 'Signing you in to {app}',
  'saml.post.wait': 'Taking you to {app}…',
  'saml.post.continue': 'Continue to {app}',
  'saml.problem.unreadable': 'the request could not be read.',
  'saml.problem.unknown_sp': 'the app is not registered with your district.',
  'saml.problem.unsigned': 'the app must sign its requests, and this one was not signed.',
  'saml.problem.bad_signature': 'the request’s signature does not match the app’s registered certificate.',
  'saml.problem.acs_not_registered': 'it asked to be answered at an address the app’s registration does not list.',
  'saml.problem.no_acs': 'the app’s registration lists no address to send the sign-in to.',
  'saml.problem.sign_in_first': 'the app signs its requests, so sign in to the portal first, then open the app again.',
};
