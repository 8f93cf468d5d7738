/** The identity provider's own pages: a refused federated sign-in. */
export const federationEn = {
  'sso.refused.title': 'You can’t sign in to {app} from here',
  'sso.refused.thisApp': 'this app',
  'sso.refused.not_entitled': 'Your district has not given you {app}.',
  'sso.refused.unknown_app': 'This app is not set up to sign in through your district’s portal.',
  'sso.refused.no_identifier':
    '{app} needs something about you that your district has not recorded (such as an email address).',
  'sso.refused.bad_request': '{app} sent a sign-in request that could not be used: {problem}',
  'sso.refused.signed_in_elsewhere': 'This sign-in was started by someone else. Start again from {app}.',
  'sso.refused.help': 'If you think you should have this app, tell your teacher or your school’s IT team.',
  'sso.signOut.title': 'You signed out of your app',
  'sso.signOut.shared':
    'You are still signed in to the portal. If others use this computer, sign out of the portal too.',
  'sso.signOut.portal': 'Sign out of the portal',
  'sso.signOut.done': 'You are signed out of the portal',
  'sso.refused.back': 'Back to your apps',
};
