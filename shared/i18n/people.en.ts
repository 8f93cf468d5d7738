/**
 * English messages of the people feature's server answers (a feature's own file, spread into en.ts): the problems
 * and fixes of "Why can't … get in?". `{…At}` parameters arrive as moments the page writes as dates.
 */
export const peopleEn = {
  'people.why.disabled': '{name}’s account is turned off: the SIS no longer lists them, or IT turned it off.',
  'people.why.throttled': '{name} made too many wrong tries, so sign-ins are held back until {untilAt}.',
  'people.why.badge_expired': '{name}’s badge stopped working on {expiredAt}.',
  'people.why.badge_voided_voided': '{name}’s badge was voided on {voidedAt}.',
  'people.why.badge_voided_class': '{name}’s badge was voided on {voidedAt}, with the rest of the class’s badges.',
  'people.why.badge_voided_year_end': '{name}’s badge was voided at the end of the school year, on {voidedAt}.',
  'people.why.badge_voided_deactivated': '{name}’s badge was voided on {voidedAt}, when the account was turned off.',
  'people.why.badge_never_printed': '{name} has no badge yet: none was ever printed.',
  'people.why.unclaimed_code_live': '{name} has not claimed the account yet. The claim code works until {expiresAt}.',
  'people.why.unclaimed_code_expired': '{name} has not claimed the account, and the claim code ended on {expiredAt}.',
  'people.why.unclaimed_no_code': '{name} has not claimed the account and has no claim code.',
  'people.why.app_no_rules': '{app} has no access rule, so nobody sees it.',
  'people.why.app_not_given': '{app} is not given to {name}: {condition}.',
  'people.why.vault_missing': '{app}: no sign-in is stored for {name}, so it cannot be filled in for them.',
  'people.why.vault_held':
    '{app}: the stored sign-in was rejected by {app} on {heldAt}, so it is held back until someone checks it.',
  'people.why.temporary_unused':
    '{name} was given a temporary password on {resetAt} and has not used it yet. It works until {expiresAt}.',
  'people.why.wrong_passwords': '{name} typed a wrong password {count} times in a row.',
  'people.why.second_factor_missing':
    '{name} has not set up an authenticator app yet; the portal asks for one at the next sign-in.',
  'people.why.nothing_found': 'Nothing looks wrong with {name}’s account.',
  'people.why.nothing_found_app': 'Nothing looks wrong with {name}’s account or with {app}.',
  'people.why.fix.ask_office': 'Ask the school office to check {name}’s enrolment in the SIS, or ask IT.',
  'people.why.fix.release_throttle': 'Release the hold so {name} can try again now.',
  'people.why.fix.wait_or_ask': 'Wait until {untilAt}, or ask your principal or IT to release the hold.',
  'people.why.fix.print_badge': 'Print a new badge for {name}: it replaces any old one.',
  'people.why.fix.ask_badge': 'Ask someone who prints badges for {name}’s school to print a new one.',
  'people.why.fix.print_claim_letter': 'Print a new claim letter for {name}: its new code replaces the old one.',
  'people.why.fix.ask_claim_letter': 'Ask someone who prints claim letters for {name}’s school to print a new one.',
  'people.why.fix.help_claim':
    'Help {name} claim the account with the claim letter on the portal’s sign-in page. If the letter is lost, print a new one.',
  'people.why.fix.help_claim_or_ask':
    'Help {name} claim the account with the claim letter on the portal’s sign-in page. If the letter is lost, ask the school office for a new one.',
  'people.why.fix.ask_it_app': 'Ask IT about {app}.',
  'people.why.fix.ask_it_rule': 'Ask IT to change the access rule “{rule}” of {app}, or to give it to {name} by name.',
  'people.why.fix.ask_it_store': 'Ask IT to store {name}’s sign-in for {app}.',
  'people.why.fix.confirm_credential':
    'If {name}’s sign-in for {app} has been fixed on the app’s side, confirm it so it is used again. If not, ask IT to update it.',
  'people.why.fix.ask_it_update':
    'Ask IT to update {name}’s stored sign-in for {app}: it is already counted on their App health page.',
  'people.why.fix.give_temporary':
    'Give {name} the temporary password: they choose their own when they use it. If it is lost, reset the password again.',
  'people.why.fix.give_temporary_or_ask':
    'Give {name} the temporary password: they choose their own when they use it. If it is lost, ask for another reset.',
  'people.why.fix.reset_password': 'Reset {name}’s password and give them the new one.',
  'people.why.fix.ask_reset': 'Ask someone who resets passwords for {name}’s school to reset it.',
  'people.why.fix.enrol_second_factor': 'Have {name} sign in with their phone at hand to set up the authenticator app.',
  'people.why.fix.watch_and_retry':
    'Watch {name} sign in: check the username, Caps Lock and the network. If it still fails, ask IT.',
} as const;
