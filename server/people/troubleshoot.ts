import type { CatalogApp } from '../apps/catalog';
import type { Person } from '../directory/directory';
import type { Locale } from '../../shared/i18n';
import type { PeopleMessage, PersonAction, PersonApp, TroubleshootAnswer } from '../../shared/people';
import { actionsFor, personApp, personApps, readPersonFacts, type PeopleDeps, type PersonFacts } from './person-page';

/** Wrong passwords in a row (newest first, up to the last success) that make "typed it wrong" the likely cause. */
const FAILURES_WORTH_SAYING = 3;

/** The app asked about, as the person has it. */
export interface AskedApp extends PersonApp {
  /** The rule that comes closest to giving it, and its first failing condition in words. */
  rule: string | null;
  failing: string | null;
  hasRules: boolean;
}

export interface Diagnosis {
  problem: PeopleMessage;
  fix: PeopleMessage;
  action: PersonAction | null;
  alsoNoticed: PeopleMessage[];
}

/** One thing found: what is wrong, the fix, and the action that makes it (when the viewer may take it). */
interface Finding {
  problem: PeopleMessage;
  fix: PeopleMessage;
  action: PersonAction | null;
}

/**
 * The answer to "why can't … get in?" (with `app`, "… get into this app?"), with the fix this viewer can make. Without
 * an app, every held stored sign-in is among the causes.
 */
export async function troubleshoot(
  deps: PeopleDeps,
  viewer: Person,
  person: Person,
  app: CatalogApp | null,
  locale: Locale,
): Promise<TroubleshootAnswer> {
  const [facts, asked, apps] = await Promise.all([
    readPersonFacts(deps, person),
    app && askedApp(deps, person, app, locale),
    app ? [] : personApps(deps, person, locale),
  ]);
  const allowed = await actionsFor(deps, viewer, facts, asked ? [asked] : apps);
  const held = apps.filter((shown) => shown.vault?.state === 'held');
  return {
    person: facts.header,
    app: asked && { id: asked.app.id, name: asked.app.name },
    ...diagnose(facts, allowed, asked, held),
  };
}

async function askedApp(deps: PeopleDeps, person: Person, app: CatalogApp, locale: Locale): Promise<AskedApp> {
  const shown = await personApp(deps, person, app, locale);
  return { ...shown, hasRules: app.rules.length > 0 };
}

const say = (key: string, params: PeopleMessage['params'] = {}): PeopleMessage => ({ key, params });

/**
 * "Why can't … get in?": everything found, most likely cause first. What stops every sign-in (a turned-off account,
 * a held throttle, no working badge or password) comes before what stops one app; a mistyped password and a missing
 * authenticator come last. Pure: the facts are read before.
 */
export function diagnose(
  facts: PersonFacts,
  allowed: readonly PersonAction[],
  asked: AskedApp | null,
  heldApps: readonly PersonApp[],
): Diagnosis {
  const name = facts.header.displayName;
  const offer = (action: PersonAction, fix: string, otherwise: string, params: PeopleMessage['params'] = {}) =>
    allowed.includes(action)
      ? { fix: say(fix, { name, ...params }), action }
      : { fix: say(otherwise, { name, ...params }), action: null };

  const findings: Finding[] = [
    ...accountFindings(facts, name, offer),
    ...(asked ? appFindings(asked, name, offer) : heldApps.flatMap((app) => heldFinding(app, name, offer))),
    ...softFindings(facts, name, offer),
  ];
  const [first, ...others] = findings;
  if (!first) {
    return {
      problem: asked
        ? say('people.why.nothing_found_app', { name, app: asked.app.name })
        : say('people.why.nothing_found', { name }),
      fix: say('people.why.fix.watch_and_retry', { name }),
      action: null,
      alsoNoticed: [],
    };
  }
  return { ...first, alsoNoticed: others.map((finding) => finding.problem) };
}

type Offer = (
  action: PersonAction,
  fix: string,
  otherwise: string,
  params?: PeopleMessage['params'],
) => { fix: PeopleMessage; action: PersonAction | null };

/** What keeps the person out of the portal altogether. */
function accountFindings(facts: PersonFacts, name: string, offer: Offer): Finding[] {
  if (facts.person.status !== 'active') {
    return [
      { problem: say('people.why.disabled', { name }), fix: say('people.why.fix.ask_office', { name }), action: null },
    ];
  }
  const found: Finding[] = [];
  const until = Math.max(0, ...facts.throttles.map((held) => held.until));
  if (facts.throttles.length) {
    found.push({
      problem: say('people.why.throttled', { name, untilAt: until }),
      ...offer('release_throttle', 'people.why.fix.release_throttle', 'people.why.fix.wait_or_ask', { untilAt: until }),
    });
  }
  const badge = badgeStoppedFinding(facts, name, offer);
  if (badge) found.push(badge);
  const claim = claimFinding(facts, name, offer);
  if (claim) found.push(claim);
  return found;
}

/** A badge that worked and stopped (expired, voided): the child who used it cannot get in. */
function badgeStoppedFinding(facts: PersonFacts, name: string, offer: Offer): Finding | undefined {
  const { badge, lastVoid } = facts;
  if (!badge || badge.status === 'active') return undefined;
  const reprint = offer('print_badge', 'people.why.fix.print_badge', 'people.why.fix.ask_badge');
  if (badge.status === 'expired')
    return { problem: say('people.why.badge_expired', { name, expiredAt: badge.expiresAt ?? 0 }), ...reprint };
  if (lastVoid && lastVoid.reason !== 'regenerated') {
    const key = `people.why.badge_voided_${lastVoid.reason}`;
    return { problem: say(key, { name, voidedAt: lastVoid.voidedAt }), ...reprint };
  }
  return undefined;
}

function claimFinding(facts: PersonFacts, name: string, offer: Offer): Finding | undefined {
  const { account, claimCodeEndsAt } = facts;
  if (account.status !== 'unclaimed' || account.getsFixedPassword) return undefined;
  const letter = offer('print_claim_letter', 'people.why.fix.print_claim_letter', 'people.why.fix.ask_claim_letter');
  if (account.codeExpiresAt !== null) {
    const help = offer('print_claim_letter', 'people.why.fix.help_claim', 'people.why.fix.help_claim_or_ask');
    return { problem: say('people.why.unclaimed_code_live', { name, expiresAt: account.codeExpiresAt }), ...help };
  }
  if (claimCodeEndsAt !== null)
    return { problem: say('people.why.unclaimed_code_expired', { name, expiredAt: claimCodeEndsAt }), ...letter };
  return { problem: say('people.why.unclaimed_no_code', { name }), ...letter };
}

/** What keeps the person out of the one app asked about. */
function appFindings(asked: AskedApp, name: string, offer: Offer): Finding[] {
  const app = asked.app.name;
  if (!asked.granted) {
    if (!asked.hasRules)
      return [
        {
          problem: say('people.why.app_no_rules', { app }),
          fix: say('people.why.fix.ask_it_app', { app }),
          action: null,
        },
      ];
    return [
      {
        problem: say('people.why.app_not_given', { name, app, condition: asked.failing ?? '' }),
        fix: say('people.why.fix.ask_it_rule', { name, app, rule: asked.rule ?? '' }),
        action: null,
      },
    ];
  }
  if (asked.vault?.state === 'none')
    return [
      {
        problem: say('people.why.vault_missing', { name, app }),
        fix: say('people.why.fix.ask_it_store', { name, app }),
        action: null,
      },
    ];
  return heldFinding(asked, name, offer);
}

function heldFinding(app: PersonApp, name: string, offer: Offer): Finding[] {
  if (app.vault?.state !== 'held') return [];
  const params = { app: app.app.name, heldAt: app.vault.heldAt ?? 0 };
  return [
    {
      problem: say('people.why.vault_held', { name, ...params }),
      ...offer('confirm_credential', 'people.why.fix.confirm_credential', 'people.why.fix.ask_it_update', params),
    },
  ];
}

/** Less likely causes: an unused temporary password, wrong passwords, a second factor not set up. */
function softFindings(facts: PersonFacts, name: string, offer: Offer): Finding[] {
  if (facts.person.status !== 'active') return [];
  const found: Finding[] = [];
  const { account, badge } = facts;
  // Never printed: the child may well sign in with a password meanwhile (one that stopped is a blocker, above).
  if (badge?.status === 'none' && (!facts.lastVoid || facts.lastVoid.reason === 'regenerated')) {
    found.push({
      problem: say('people.why.badge_never_printed', { name }),
      ...offer('print_badge', 'people.why.fix.print_badge', 'people.why.fix.ask_badge'),
    });
  }
  if (account.status === 'temporary') {
    found.push({
      problem: say('people.why.temporary_unused', {
        name,
        resetAt: account.lastReset?.at ?? 0,
        expiresAt: account.codeExpiresAt ?? 0,
      }),
      ...offer('reset_password', 'people.why.fix.give_temporary', 'people.why.fix.give_temporary_or_ask'),
    });
  }
  const wrong = wrongPasswordsInARow(facts);
  if (wrong >= FAILURES_WORTH_SAYING && account.status !== 'temporary') {
    found.push({
      problem: say('people.why.wrong_passwords', { name, count: wrong }),
      ...offer('reset_password', 'people.why.fix.reset_password', 'people.why.fix.ask_reset'),
    });
  }
  if (account.secondFactor === 'not_enrolled') {
    found.push({
      problem: say('people.why.second_factor_missing', { name }),
      fix: say('people.why.fix.enrol_second_factor', { name }),
      action: null,
    });
  }
  return found;
}

/** Wrong passwords since the latest successful sign-in, among the recent attempts. */
function wrongPasswordsInARow(facts: PersonFacts): number {
  let count = 0;
  for (const event of facts.signIns) {
    if (event.outcome === 'success') break;
    if (event.reason === 'wrong_password') count++;
  }
  return count;
}
