import { ApiError } from '../../api';
import type { Condition } from '../../../../../shared/access-rules';
import { appDraftSchema, ICON_MAX_BYTES, type AdminApp, type AppDraft } from '../../../../../shared/catalog-admin';
import { GRADE_MAX, GRADE_MIN, ROLES } from '../../../../../shared/roles';

// The Apps page's form as plain data, and the pure steps between it and the API (unit-tested).

/** A condition as the builder holds it (named people and classes: `value: false` keeps them out, the exceptions). */
export type EditableCondition = Condition;
export type ConditionKind = EditableCondition['kind'];

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'role',
  'grade',
  'campus',
  'hasClasses',
  'hasEmail',
  'sisFlag',
  'person',
  'class',
];

export interface EditableRule {
  id?: string;
  name: string;
  conditions: EditableCondition[];
}

export type EditableDraft = Omit<AppDraft, 'rules'> & { rules: EditableRule[] };

/** Where a new condition of each kind starts: the widest choice that still means something. */
export function newCondition(kind: ConditionKind): EditableCondition {
  switch (kind) {
    case 'role':
      return { kind, anyOf: ['student'] };
    case 'grade':
      return { kind, min: GRADE_MIN, max: GRADE_MAX };
    case 'campus':
      return { kind, anyOf: [] };
    case 'hasClasses':
    case 'hasEmail':
      return { kind, value: true };
    case 'sisFlag':
      return { kind, flag: '', value: true };
    case 'person':
    case 'class':
      return { kind, anyOf: [], value: false };
  }
}

export const newRule = (): EditableRule => ({ name: '', conditions: [newCondition('role')] });

/** `list` with `value` in it or not, in the order `order` gives (so the saved JSON does not depend on clicks). */
export function withChoice<T>(list: readonly T[], value: T, chosen: boolean, order: readonly T[]): T[] {
  const next = new Set(list);
  if (chosen) next.add(value);
  else next.delete(value);
  return order.filter((item) => next.has(item)).concat([...next].filter((item) => !order.includes(item)));
}

export const withRole = (list: readonly string[], role: string, chosen: boolean) =>
  withChoice(list, role, chosen, ROLES);

/** Ids typed one per line or separated by commas, each once. */
export function idsFromText(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id.length > 0))];
}

export const BLANK_DRAFT: EditableDraft = {
  slug: '',
  name: '',
  nameEs: '',
  description: '',
  descriptionEs: '',
  launchUrl: 'https://',
  signInKind: 'link',
  color: '#1464ff',
  icon: '',
  sortOrder: 0,
  rules: [newRule()],
};

/** The form of a saved app: its draft, without what the server keeps for itself. */
export { draftOf } from '../../../../../shared/catalog-admin';

/** A slug suggested from a name: "Lexia Core5" → "lexia-core5". */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** Problems by field path ("name", "rules.0.conditions.1.max"), for showing each beside its field. */
export type FieldProblems = Record<string, string>;

/** An empty list of roles, campuses, people or classes: zod's own words are not for people. */
export const NEEDS_A_CHOICE = 'needs at least one choice';

/** The shared schema's problems the catalogue words in each language (else they show as the schema says them). */
export const KNOWN_PROBLEMS = {
  'is required': 'catalog.problem.required',
  [NEEDS_A_CHOICE]: 'catalog.problem.needsChoice',
  'must be lower-case letters, digits and single dashes': 'catalog.problem.slug',
  'min must not be above max': 'catalog.problem.gradeOrder',
  'must be a colour like #1464ff': 'catalog.problem.color',
} as const satisfies Record<string, string>;

/** What the shared schema finds wrong with the draft, every problem at once (the server names only the first). */
export function draftProblems(draft: EditableDraft): FieldProblems {
  const parsed = appDraftSchema.safeParse(draft);
  if (parsed.success) return {};
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    problems[path] ??= issue.code === 'too_small' && issue.origin === 'array' ? NEEDS_A_CHOICE : issue.message;
  }
  return problems;
}

/** One problem the server found, by the field it names ("rules.0.name"); `code` keys a catalogue message. */
export interface ServerProblem {
  path: string;
  code: string;
  problem: string;
}

/**
 * Every field a server's refusal names: its listed problems when it lists them (a whole-app check), else the
 * one its message names ("draft.rules.0.name: is required"); the `draft.` of a PUT's body is left out.
 */
export function serverFieldProblems(error: unknown): ServerProblem[] {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) return [];
  const fieldOf = (path: string) => path.replace(/^draft\./, '');
  if (Array.isArray(error.details)) {
    return (error.details as { field?: unknown; code?: unknown; problem?: unknown }[])
      .filter((item) => typeof item.field === 'string' && typeof item.problem === 'string')
      .map((item) => ({
        path: fieldOf(item.field as string),
        code: typeof item.code === 'string' ? item.code : error.code,
        problem: item.problem as string,
      }));
  }
  const match = /^([\w.]+): (.+)$/s.exec(error.message);
  return match ? [{ path: fieldOf(match[1]!), code: error.code, problem: match[2]! }] : [];
}

export const ICON_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** Why an icon file cannot be uploaded, or null when it can. */
export function iconFileProblem(file: { type: string; size: number }): 'type' | 'size' | null {
  if (!(ICON_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size > ICON_MAX_BYTES) return 'size';
  return null;
}

/** The draft as the API takes it. */
export const toDraft = (draft: EditableDraft) => draft as AppDraft;

/** Apps whose name (either language), slug or kind contains the typed text. */
export function matchesFilter(app: Pick<AdminApp, 'name' | 'nameEs' | 'slug' | 'signInKind'>, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return true;
  return [app.name, app.nameEs, app.slug, app.signInKind].some((value) => value.toLowerCase().includes(wanted));
}
