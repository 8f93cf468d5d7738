import { onLinkClick } from '../router';

/** A class or campus a helper's page lists. */
export interface LinkedGroup {
  kind: 'class' | 'campus';
  id: string;
  title: string;
  campusName: string;
}

interface GroupLinksProps<G extends LinkedGroup> {
  groups: readonly G[];
  /** The page of one group. */
  pathOf(group: NoInfer<G>): string;
  /** What is counted beside each group ("12 may have a badge", "24 students"). */
  countOf(group: NoInfer<G>): string;
  /** Said when the viewer has no group at all. */
  emptyText: string;
}

/** The classes (teachers) or campuses (principals, IT) a helper's page lists, each a link with its count. */
export function GroupLinks<G extends LinkedGroup>({ groups, pathOf, countOf, emptyText }: GroupLinksProps<G>) {
  if (groups.length === 0) return <p>{emptyText}</p>;
  return (
    <ul class="badge-groups">
      {groups.map((group) => (
        <li key={`${group.kind}:${group.id}`}>
          <a href={pathOf(group)} onClick={onLinkClick}>
            {group.title}
          </a>
          <span class="hint">
            {group.kind === 'class' && `${group.campusName} · `}
            {countOf(group)}
          </span>
        </li>
      ))}
    </ul>
  );
}
