import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { draftOf, type AdminApp, type AppDraft } from '../../shared/catalog-admin';
import { isDevelopmentHost } from '../../shared/origins';
import type { Directory } from '../directory/directory';
import type { CatalogApp } from './catalog';

/** One problem with an app IT wrote, named by the app's slug and the field; `code` keys the page's message. */
export interface AppProblem {
  app: string;
  field: string;
  code: string;
  problem: string;
}

/** The app as the Apps page shows it. */
export const adminAppOf = (app: CatalogApp): AdminApp => ({
  ...draftOf(app),
  id: app.id,
  version: app.version,
  retiredAt: app.retiredAt,
  hasUploadedIcon: app.iconImage !== '',
});

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

/**
 * The app `draft` describes, as the next version of `current` (or a new app). Rules are shown and explained in the
 * order of their ids, and IT's order is the one that counts: a save that keeps every rule as it was keeps their
 * ids; any other numbers the rules anew under this version, in IT's order.
 */
export function nextVersionOf(
  draft: AppDraft,
  current: CatalogApp | undefined,
  changes: { retiredAt?: number | null; iconImage?: string } = {},
): CatalogApp {
  const { rules, icon, ...fields } = draft;
  const id = current?.id ?? newId('app');
  const version = (current?.version ?? 0) + 1;
  const currentIds = current?.rules.map((rule) => rule.id) ?? [];
  const keepsIds = rules.length === currentIds.length && rules.every((rule, index) => rule.id === currentIds[index]);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return {
    ...fields,
    icon,
    id,
    iconImage: changes.iconImage ?? current?.iconImage ?? '',
    retiredAt: changes.retiredAt === undefined ? (current?.retiredAt ?? null) : changes.retiredAt,
    version,
    rules: rules.map((rule, index) => ({
      id: keepsIds ? rule.id! : `${id}.v${pad(version, 6)}.r${pad(index, 3)}`,
      name: rule.name,
      conditions: rule.conditions,
    })),
  };
}

/** Whether a draft says the same as the stored app (rule ids aside: a file may carry none). */
export function sameAsStored(draft: AppDraft, app: CatalogApp): boolean {
  const withoutIds = (value: AppDraft) => ({
    ...value,
    rules: value.rules.map(({ name, conditions }) => ({ name, conditions })),
  });
  return isDeepStrictEqual(withoutIds(draft), withoutIds(draftOf(app)));
}

/** What changed between two versions, for the audit: the fields by name, the rules by name. */
export function changesBetween(before: CatalogApp, after: CatalogApp) {
  const old = draftOf(before) as Record<string, unknown>;
  const next = draftOf(after) as Record<string, unknown>;
  const fields = Object.keys(next).filter((key) => key !== 'rules' && !isDeepStrictEqual(old[key], next[key]));
  if (before.iconImage !== after.iconImage) fields.push('iconImage');
  // By name: a save may number the rules anew.
  const oldRules = new Map(before.rules.map((rule) => [rule.name, rule.conditions]));
  const newNames = new Set(after.rules.map((rule) => rule.name));
  return {
    fields,
    rules: {
      added: after.rules.filter((rule) => !oldRules.has(rule.name)).map((rule) => rule.name),
      removed: before.rules.filter((rule) => !newNames.has(rule.name)).map((rule) => rule.name),
      changed: after.rules
        .filter((rule) => oldRules.has(rule.name) && !isDeepStrictEqual(oldRules.get(rule.name), rule.conditions))
        .map((rule) => rule.name),
    },
  };
}

/** An app after the change being checked, as the other apps will see it. */
export interface AppAfter {
  /** Undefined for an app not saved yet. */
  id?: string;
  draft: AppDraft;
  retired: boolean;
}

/**
 * Checks the apps being saved against each other and the rest of the catalog: slugs unique, launch addresses
 * https (http only on this machine in development), no two live tiles alike, every campus, person and class a
 * rule names there. `others` are the stored apps these do not replace.
 */
export async function checkApps(
  changed: AppAfter[],
  others: readonly CatalogApp[],
  context: { directory: Directory; allowDevelopmentHttp: boolean },
): Promise<AppProblem[]> {
  const exists = existenceChecker(context.directory);
  const everyone = [
    ...others.map((app) => ({
      id: app.id,
      slug: app.slug,
      name: app.name,
      icon: app.icon,
      color: app.color,
      retired: app.retiredAt !== null,
    })),
    ...changed.map(({ id, draft, retired }) => ({ id, ...draft, retired })),
  ];
  const problems: AppProblem[] = [];
  for (const [index, app] of changed.entries()) {
    const add = (field: string, code: string, problem: string) =>
      problems.push({ app: app.draft.slug, field, code, problem });
    const elsewhere = everyone.filter((other, at) => at !== others.length + index);
    const sameSlug = elsewhere.find((other) => other.slug === app.draft.slug);
    if (sameSlug) add('slug', 'slug_taken', `is already the slug of “${sameSlug.name}”`);
    const launch = launchUrlProblem(app.draft.launchUrl, context.allowDevelopmentHttp);
    if (launch) add('launchUrl', launch.code, launch.problem);
    const alike = !app.retired && elsewhere.find((other) => !other.retired && looksAlike(other, app.draft));
    if (alike)
      add('color', 'looks_alike', `has the same icon and colour as “${alike.name}”, so their tiles would look alike`);
    const ruleIds = app.draft.rules.map((rule) => rule.id).filter(Boolean);
    if (new Set(ruleIds).size !== ruleIds.length) add('rules', 'duplicate_rule', 'two rules have the same id');
    for (const [ruleAt, rule] of app.draft.rules.entries())
      for (const [conditionAt, condition] of rule.conditions.entries()) {
        if (condition.kind !== 'campus' && condition.kind !== 'person' && condition.kind !== 'class') continue;
        for (const [idAt, id] of condition.anyOf.entries())
          if (!(await exists(condition.kind, id)))
            add(
              `rules.${ruleAt}.conditions.${conditionAt}.anyOf.${idAt}`,
              `unknown_${condition.kind}`,
              `${condition.kind} “${id}” is not in the district`,
            );
      }
  }
  return problems;
}

const looksAlike = (a: { icon: string; color: string }, b: { icon: string; color: string }) =>
  a.icon === b.icon && a.color.toLowerCase() === b.color.toLowerCase();

function launchUrlProblem(value: string, allowDevelopmentHttp: boolean) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'launch_url_invalid', problem: 'is not a web address' };
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowDevelopmentHttp && isDevelopmentHost(url.hostname)) return undefined;
  return { code: 'launch_url_insecure', problem: 'must use https (http only for localhost and *.test in development)' };
}

/** Looks each campus, person and class up once, however many rules name it. */
function existenceChecker(directory: Directory) {
  const known = new Map<string, Promise<boolean>>();
  const lookUp = {
    campus: async (id: string) => Boolean(await directory.findCampus(id)),
    person: async (id: string) => Boolean(await directory.findById(id)),
    class: async (id: string) => Boolean(await directory.findClass(id)),
  };
  return (kind: keyof typeof lookUp, id: string) => {
    const key = `${kind}\u001f${id}`;
    if (!known.has(key)) known.set(key, lookUp[kind](id));
    return known.get(key)!;
  };
}
