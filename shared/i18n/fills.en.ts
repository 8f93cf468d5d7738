/** English messages about fills: whom a failed sign-in points at on App health (spread into en.ts). */
export const fillsEn = {
  'connectorForm.failureText': 'Words in the error (optional)',
  'connectorForm.failureTextHint':
    'Only when the element (or the page) also shows these words is the stored password blamed and put on hold, e.g. “Invalid login”.',
  'health.blameIntro':
    'Only a failure that points at the stored password puts it on hold. A failure that points at the connector or the site leaves the password in use: check the connector.',
  'health.failedBy': 'Failures point at',
  'health.failedByCounts': 'password {credential}, connector {connector}, site {page}',
  'health.blame.credential': 'points at the stored password',
  'health.blame.connector': 'points at the connector (the password stays in use)',
  'health.blame.page': 'points at the site or the network (the password stays in use)',
} as const;
