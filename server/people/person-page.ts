import type { AccountService } from '../accounts/account-service';
import type { AppCatalog, CatalogApp } from '../apps/catalog';
import { explainPersonAccess } from '../apps/explain-person-access';
import type { AuditEvent, AuditLog } from '../audit/audit-log';
import { normaliseUsername } from '../auth/password-sign-in';
import type { GuessTarget, SignInThrottle } from '../auth/sign-in-throttle';
import type { BadgeService } from '../badges/badge-service';
import type { BadgeVoid } from '../badges/badge-store';
import type { ConnectorStore } from '../connectors/connector-store';
import { displayName, type Directory, type Person } from '../directory/directory';
import type { Authority } from '../grants/authority';
import type { Vault } from '../vault/vault';
import type { Storage } from '../storage/storage';
import type { AccountState } from '../../shared/accounts';
import type { BadgeState } from '../../shared/badges';
import type { Locale } from '../../shared/i18n';
import type {
  HeldThrottle,
  PersonAction,
  PersonApp,
  PersonHeader,
  PersonPageResponse,
  SignInEvent,
} from '../../shared/people';
import type { Right } from '../../shared/rights';

/** What the people routes read: each feature through its own store or service. */
export interface PeopleDeps {
  storage: Storage;
  directory: Directory;
  accounts: AccountService;
  badges: BadgeService;
  throttle: SignInThrottle;
  vault: Vault;
  catalog: AppCatalog;
  connectors: ConnectorStore;
  audit: AuditLog;
  authority: Authority;
  now: () => number;
}

/** The sign-in attempts a person's page shows. */
const RECENT_SIGN_INS = 10;

/** Everything about one person that their page and the "why can't they get in?" answer are made of. */
export interface PersonFacts {
  person: Person;
  header: PersonHeader;
  account: AccountState;
  badgeEligible: boolean;
  /** Null for people who get no badge. */
  badge: BadgeState | null;
  /** The latest void of their badges, if any was voided. */
  lastVoid: BadgeVoid | null;
  liveBadgeId: string | null;
  /** When their latest claim code ends or ended; null when they never had one. */
  claimCodeEndsAt: number | null;
  signIns: SignInEvent[];
  throttles: HeldThrottle[];
}

/**
 * The names the sign-in throttle counts a person's guesses under: a password, a claim code and recovery answers
 * by the username as typed (normalised), an authenticator code by the person's id, a badge's pictures by the badge.
 */
export function guessTargetsOf(person: Pick<Person, 'id' | 'username'>, liveBadgeId: string | null): GuessTarget[] {
  const name = normaliseUsername(person.username);
  const targets: GuessTarget[] = [
    { kind: 'password', name },
    { kind: 'claim_code', name },
    { kind: 'recovery', name },
    { kind: 'totp', name: person.id },
  ];
  return liveBadgeId ? [...targets, { kind: 'badge_pictures', name: liveBadgeId }] : targets;
}

export async function readPersonFacts(deps: PeopleDeps, person: Person): Promise<PersonFacts> {
  const badgeEligible = deps.badges.isEligible(person);
  const [accounts, badgeStates, history, claimCodeEnds, events, header] = await Promise.all([
    deps.accounts.statesFor([person]),
    deps.badges.statesFor([person]),
    deps.badges.historyFor([person.id]),
    deps.accounts.claimCodeEndsFor([person.id]),
    deps.audit.recentAbout(person.id, 'sign_in', RECENT_SIGN_INS),
    headerOf(deps.directory, person),
  ]);
  const { liveBadgeId, lastVoid } = history.get(person.id)!;
  const counts = await deps.throttle.countsFor(guessTargetsOf(person, liveBadgeId));
  return {
    person,
    header,
    account: accounts.get(person.id)!,
    badgeEligible,
    badge: badgeEligible ? badgeStates.get(person.id)! : null,
    lastVoid,
    liveBadgeId,
    claimCodeEndsAt: claimCodeEnds.get(person.id) ?? null,
    signIns: events.map(signInEventOf),
    throttles: counts.flatMap(({ kind, heldUntil }) => (heldUntil === null ? [] : [{ kind, until: heldUntil }])),
  };
}

async function headerOf(directory: Directory, person: Person): Promise<PersonHeader> {
  const [campuses, classes] = await Promise.all([directory.campuses(), directory.classTitlesOf(person.id)]);
  const names = new Map(campuses.map((campus) => [campus.id, campus.name]));
  return {
    id: person.id,
    username: person.username,
    displayName: displayName(person),
    role: person.role,
    grade: person.grade,
    status: person.status,
    campuses: person.campusIds.map((id) => names.get(id) ?? id),
    classes,
  };
}

const METHODS: Record<string, SignInEvent['method']> = {
  password: 'password',
  temporary_password: 'password',
  badge: 'badge',
  totp: 'totp',
};

function signInEventOf(event: AuditEvent): SignInEvent {
  const detail = event.detail ?? {};
  return {
    at: event.at,
    method: METHODS[String(detail.method)] ?? 'other',
    outcome: event.outcome === 'success' ? 'success' : 'failure',
    reason: typeof detail.reason === 'string' ? detail.reason : null,
  };
}

/** An app's name in the reader's language. */
export const appNameIn = (app: Pick<CatalogApp, 'name' | 'nameEs'>, locale: Locale) =>
  locale === 'es' && app.nameEs ? app.nameEs : app.name;

/** The live apps (the catalog holds no retired ones), each with whether the person has it, why, and a vault app's stored sign-in. */
export async function personApps(deps: PeopleDeps, person: Person, locale: Locale): Promise<PersonApp[]> {
  return Promise.all(deps.catalog.all().map((app) => personApp(deps, person, app, locale)));
}

export async function personApp(
  deps: PeopleDeps,
  person: Person,
  app: CatalogApp,
  locale: Locale,
): Promise<PersonApp & { rule: string | null; failing: string | null }> {
  const explained = await explainPersonAccess(deps.directory, person, app, locale);
  // The rule that comes closest (fewest conditions failing) is the one to name when asking IT.
  const nearest = explained.granted
    ? undefined
    : explained.rules.toSorted(
        (a, b) => a.conditions.filter((c) => !c.met).length - b.conditions.filter((c) => !c.met).length,
      )[0];
  const failing = nearest?.conditions.find((condition) => !condition.met)?.text ?? null;
  return {
    app: { id: app.id, name: appNameIn(app, locale), signInKind: app.signInKind },
    granted: explained.granted,
    why: failing && person.status === 'active' ? `${explained.summary} ${sentence(failing)}` : explained.summary,
    vault: app.signInKind === 'vault' ? await vaultStateOf(deps, person, app.id) : null,
    rule: nearest?.ruleName ?? null,
    failing,
  };
}

/** A condition's words as a sentence of their own. */
const sentence = (words: string) => `${words.charAt(0).toLocaleUpperCase()}${words.slice(1)}.`;

/** The stored sign-in a launch would use for this person, and whether the lockout guard holds it back. */
export async function storedSignInOf(deps: PeopleDeps, person: Person, appId: string) {
  const connector = deps.connectors.current(appId);
  if (!connector) return undefined;
  const { chosen } = await deps.vault.entries.choose(person, appId, connector.definition.userEntries);
  if (!chosen) return undefined;
  return {
    entry: chosen.entry,
    hold: await deps.vault.launches.holdOn(chosen.entry.id, person.id, chosen.entry.version),
  };
}

async function vaultStateOf(deps: PeopleDeps, person: Person, appId: string): Promise<PersonApp['vault']> {
  const stored = await storedSignInOf(deps, person, appId);
  if (!stored) return { state: 'none', heldReason: null, heldAt: null };
  if (!stored.hold) return { state: 'stored', heldReason: null, heldAt: null };
  return { state: 'held', heldReason: stored.hold.reason, heldAt: stored.hold.heldAt };
}

/**
 * The right each action needs. A claim letter needs either printing or resetting, and for someone who has claimed
 * `reset_passwords` (see mayPrintClaimLetter).
 */
const RIGHT_OF_ACTION: Record<PersonAction, Right> = {
  print_badge: 'print_badges',
  void_badge: 'print_badges',
  print_credentials: 'print_badges',
  print_claim_letter: 'print_badges',
  reset_password: 'reset_passwords',
  reset_second_factor: 'manage_district',
  release_throttle: 'unblock_sign_in',
  confirm_credential: 'unblock_sign_in',
};

/** The actions that apply to this person now, whatever the viewer may do. */
function applicableActions(facts: PersonFacts, apps: readonly PersonApp[]): PersonAction[] {
  const { person, account, badge } = facts;
  const active = person.status === 'active';
  const claims = active && !account.getsFixedPassword;
  const applies: Record<PersonAction, boolean> = {
    print_badge: active && facts.badgeEligible,
    void_badge: facts.liveBadgeId !== null && badge !== null,
    print_credentials: active && account.getsFixedPassword,
    print_claim_letter: claims,
    reset_password: active,
    reset_second_factor: account.secondFactor === 'enrolled',
    release_throttle: facts.throttles.length > 0,
    confirm_credential: active && apps.some((app) => app.vault?.state === 'held'),
  };
  return (Object.keys(applies) as PersonAction[]).filter((action) => applies[action]);
}

/** Exactly the actions the viewer may take on this person now: applicable, and warranted by their rights. */
export async function actionsFor(
  deps: PeopleDeps,
  viewer: Person,
  facts: PersonFacts,
  apps: readonly PersonApp[],
): Promise<PersonAction[]> {
  const target = { userId: facts.person.id };
  const warranted = new Map<Right, Promise<boolean>>();
  const may = (right: Right) => {
    if (!warranted.has(right))
      warranted.set(
        right,
        deps.authority.warrantFor(viewer, right, target).then((warrant) => warrant !== undefined),
      );
    return warranted.get(right)!;
  };
  const allowed: PersonAction[] = [];
  for (const action of applicableActions(facts, apps)) {
    if (
      action === 'print_claim_letter' ? !(await mayPrintClaimLetter(facts, may)) : !(await may(RIGHT_OF_ACTION[action]))
    )
      continue;
    allowed.push(action);
  }
  return allowed;
}

/**
 * As the claim-letters route decides: staff's letters are IT's, and a new code for someone who has claimed takes
 * their account over, so it needs a reset's right.
 */
async function mayPrintClaimLetter(facts: PersonFacts, may: (right: Right) => Promise<boolean>) {
  if (!(await may('print_badges')) && !(await may('reset_passwords'))) return false;
  if (facts.person.role !== 'student' && !(await may('manage_district'))) return false;
  return facts.account.status === 'unclaimed' || may('reset_passwords');
}

export async function personPage(
  deps: PeopleDeps,
  viewer: Person,
  person: Person,
  locale: Locale,
): Promise<PersonPageResponse> {
  const [facts, apps] = await Promise.all([readPersonFacts(deps, person), personApps(deps, person, locale)]);
  const shown = apps.map(({ app, granted, why, vault }) => ({ app, granted, why, vault }));
  return {
    person: facts.header,
    account: facts.account,
    badge: facts.badge,
    signIns: facts.signIns,
    throttles: facts.throttles,
    apps: shown,
    actions: await actionsFor(deps, viewer, facts, shown),
  };
}
