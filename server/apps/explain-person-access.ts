import { translate, type Locale } from '../../shared/i18n';
import { displayName, type Directory, type Person } from '../directory/directory';
import { explainAccess } from './access-rules';
import type { CatalogApp } from './catalog';
import { describeAccess, type AccessDescription } from './describe-access';

/**
 * "Why does (or doesn't) this person see this app?" in the reader's language, for the admin page and the
 * CLI alike. A disabled account sees nothing whatever the rules say, and the summary says so.
 */
export async function explainPersonAccess(
  directory: Directory,
  person: Person,
  app: CatalogApp,
  locale: Locale,
): Promise<AccessDescription> {
  const campusNames = new Map((await directory.campuses()).map((campus) => [campus.id, campus.name]));
  const personName = displayName(person);
  const classIds = new Set(
    app.rules.flatMap((rule) =>
      rule.conditions.flatMap((condition) => (condition.kind === 'class' ? condition.anyOf : [])),
    ),
  );
  const classTitles = new Map<string, string>();
  for (const id of classIds) {
    const found = await directory.findClass(id);
    if (found) classTitles.set(id, found.title);
  }
  const description = describeAccess(explainAccess(app.rules, directory.accessFacts(person)), {
    locale,
    personName,
    personRole: person.role,
    appName: app.name,
    campusName: (id) => campusNames.get(id) ?? id,
    className: (id) => classTitles.get(id) ?? id,
  });
  if (person.status === 'active') return description;
  return {
    ...description,
    granted: false,
    summary: translate(locale, 'explain.summary.disabled', { person: personName }),
  };
}
