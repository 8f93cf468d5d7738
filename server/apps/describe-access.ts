import { translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import { gradeLabel, type Role } from '../../shared/roles';
import type { AccessCheck, ConditionCheck } from './access-rules';

export interface DescribeContext {
  locale: Locale;
  personName: string;
  personRole: Role;
  appName: string;
  campusName: (id: string) => string;
  /** A class's title for a class condition; the id when not given. */
  className?: (id: string) => string;
}

export interface DescribedRule {
  ruleId: string;
  ruleName: string;
  granted: boolean;
  conditions: { kind: ConditionCheck['kind']; met: boolean; text: string }[];
}

export interface AccessDescription {
  granted: boolean;
  summary: string;
  rules: DescribedRule[];
}

/**
 * A condition as a sentence a person can act on, subject first, e.g. "teacher has no class schedule in the SIS".
 * The subject is the person's role so the sentence reads the same whoever is looked up.
 */
export function describeCondition(check: ConditionCheck, context: DescribeContext): string {
  const t = (key: MessageKey, params: MessageParams = {}) =>
    translate(context.locale, key, { subject: roleName(context.personRole), ...params });
  const roleName = (role: Role) => translate(context.locale, `role.${role}`);
  const orList = (items: readonly string[]) => items.join(translate(context.locale, 'list.or'));
  const outcome = check.met ? 'met' : 'failed';

  switch (check.kind) {
    case 'role':
      return t(`condition.role.${outcome}`, {
        role: roleName(check.actual),
        allowed: orList(check.allowed.map(roleName)),
      });
    case 'grade': {
      const range = { min: gradeLabel(check.min), max: gradeLabel(check.max) };
      if (check.actual === null) return t('condition.grade.none', range);
      return t(`condition.grade.${outcome}`, { ...range, grade: gradeLabel(check.actual) });
    }
    case 'campus':
      return t(`condition.campus.${outcome}`, {
        campuses: check.actual.length ? orList(check.actual.map(context.campusName)) : t('condition.noCampus'),
        allowed: orList(check.allowed.map(context.campusName)),
      });
    case 'hasClasses':
      return t(`condition.${check.wanted ? 'hasClasses' : 'noClasses'}.${outcome}`, { count: check.classCount });
    case 'hasEmail':
      return t(`condition.${check.wanted ? 'hasEmail' : 'noEmail'}.${outcome}`);
    case 'sisFlag':
      return t(`condition.${check.wanted ? 'flag' : 'noFlag'}.${outcome}`, { flag: check.flag });
    case 'person':
      return t(`condition.${check.wanted ? 'person' : 'notPerson'}.${outcome}`, { count: check.named.length });
    case 'class': {
      const className = context.className ?? ((id: string) => id);
      return t(`condition.${check.wanted ? 'class' : 'notClass'}.${outcome}`, {
        classes: orList(check.actual.map(className)),
        allowed: orList(check.named.map(className)),
      });
    }
  }
}

/** The whole answer to "why does (or doesn't) this person see this app?", in the reader's language. */
export function describeAccess(check: AccessCheck, context: DescribeContext): AccessDescription {
  const names = { person: context.personName, app: context.appName };
  const summary =
    check.grantedBy !== null
      ? translate(context.locale, 'explain.summary.granted', { ...names, rule: check.grantedBy.ruleName })
      : check.rules.length === 0
        ? translate(context.locale, 'explain.summary.noRules', names)
        : translate(context.locale, 'explain.summary.denied', names);
  return {
    granted: check.granted,
    summary,
    rules: check.rules.map((rule) => ({
      ruleId: rule.ruleId,
      ruleName: rule.ruleName,
      granted: rule.granted,
      conditions: rule.conditions.map((condition) => ({
        kind: condition.kind,
        met: condition.met,
        text: describeCondition(condition, context),
      })),
    })),
  };
}
