/** The OIDC provider's own pages: a request it cannot use, and signing out of an app. */
export const oidcEn = {
  'oidc.problem.redirect':
    'it asked to send you back to an address your district has not registered for it. Tell your school’s IT team.',
  'oidc.problem.expired': 'this sign-in was started too long ago or has already finished. Start again from the app.',
  'oidc.problem.request':
    'its request was incomplete or asked for something it may not have. Tell your school’s IT team.',
  'oidc.logout.title': 'Sign out of {app}?',
  'oidc.logout.shared':
    'On a shared computer, sign out of the portal too, so the next person does not use your account.',
  'oidc.logout.everywhere': 'Sign out of {app} and the portal',
  'oidc.logout.appOnly': 'Sign out of {app} only',
  'oidc.signedOut.title': 'You are signed out',
  'oidc.signedOut.body': 'You signed out of {app}.',
  'oidc.signedOut.back': 'Go to the portal',
};
