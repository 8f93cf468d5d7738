import type { AccountState } from '../../shared/accounts';
import type { BadgeState } from '../../shared/badges';
import type { Attention, MyClassesResponse } from '../../shared/people';
import type { GuessCount, GuessTarget } from '../auth/sign-in-throttle';
import type { BadgeHistory } from '../badges/badge-service';
import { displayName, type Person, type StudentInClass } from '../directory/directory';
import { guessTargetsOf, type PeopleDeps } from './person-page';

/** Wrong passwords in a row, still counted by the throttle (forgotten after a quiet day), that call for attention. */
const FAILURES_FOR_ATTENTION = 3;

/** What a student's attention reasons are read from: each gathered once for the whole of the teacher's classes. */
interface ClassFacts {
  accounts: Map<string, AccountState>;
  badges: Map<string, BadgeState>;
  history: Map<string, BadgeHistory>;
  counts: Map<string, GuessCount[]>;
  heldUserIds: Set<string>;
}

/**
 * A teacher's home: each current class with its students, those who need attention first. The facts are read for
 * every student at once (a handful of queries per page, not one per student per check).
 */
export async function myClasses(deps: PeopleDeps, teacher: Person): Promise<MyClassesResponse> {
  const taught = await deps.directory.classesTaughtBy(teacher.id);
  const rosters = await Promise.all(taught.map((found) => deps.directory.studentsInClass(found.id)));
  const students = uniqueById(rosters.flat());
  const facts = await readClassFacts(deps, students);
  const rights = (await deps.authority.rightsOf(teacher)).ownStudents;
  return {
    classes: taught.map((found, index) => ({
      id: found.id,
      title: found.title,
      campusName: found.campusName,
      students: withAttentionFirst(
        rosters[index]!.map((student) => ({
          id: student.id,
          username: student.username,
          displayName: displayName(student),
          grade: student.grade,
          attention: attentionOf(deps, student, facts),
        })),
      ),
    })),
    rights,
  };
}

async function readClassFacts(deps: PeopleDeps, students: StudentInClass[]): Promise<ClassFacts> {
  const ids = students.map((student) => student.id);
  const [accounts, badges, history, holds] = await Promise.all([
    deps.accounts.statesFor(students),
    deps.badges.statesFor(students),
    deps.badges.historyFor(ids),
    deps.vault.launches.currentHoldsFor(ids),
  ]);
  const targets = students.flatMap((student) =>
    guessTargetsOf(student, history.get(student.id)?.liveBadgeId ?? null).map((target) => ({ student, target })),
  );
  const ownerOf = new Map(targets.map(({ student, target }) => [keyOf(target), student.id]));
  const counts = new Map<string, GuessCount[]>();
  for (const count of await deps.throttle.countsFor(targets.map(({ target }) => target))) {
    const owner = ownerOf.get(keyOf(count))!;
    counts.set(owner, [...(counts.get(owner) ?? []), count]);
  }
  return { accounts, badges, history, counts, heldUserIds: new Set(holds.map((hold) => hold.userId)) };
}

function attentionOf(deps: PeopleDeps, student: StudentInClass, facts: ClassFacts): Attention[] {
  const account = facts.accounts.get(student.id)!;
  const badge = facts.badges.get(student.id)!;
  const lastVoid = facts.history.get(student.id)?.lastVoid;
  const counts = facts.counts.get(student.id) ?? [];
  const eligible = deps.badges.isEligible(student);
  // A badge replaced by a newer one (regenerated) was not taken away: only a void with no badge since counts.
  const voided = eligible && badge.status === 'none' && !!lastVoid && lastVoid.reason !== 'regenerated';
  const reasons: [Attention, boolean][] = [
    ['throttled', counts.some((count) => count.heldUntil !== null)],
    ['badge_voided', voided],
    ['no_badge', eligible && badge.status !== 'active' && !voided],
    ['unclaimed', account.status === 'unclaimed' && !account.getsFixedPassword],
    ['temporary_password', account.status === 'temporary'],
    ['held_credential', facts.heldUserIds.has(student.id)],
    [
      'recent_failures',
      counts.some(
        (count) => count.kind === 'password' && count.heldUntil === null && count.failures >= FAILURES_FOR_ATTENTION,
      ),
    ],
  ];
  return reasons.filter(([, applies]) => applies).map(([reason]) => reason);
}

const keyOf = (target: GuessTarget) => JSON.stringify([target.kind, target.name]);

/** Students who need attention first, each group in the class's own order. */
const withAttentionFirst = <T extends { attention: Attention[] }>(students: T[]) => [
  ...students.filter((student) => student.attention.length > 0),
  ...students.filter((student) => student.attention.length === 0),
];

function uniqueById(students: StudentInClass[]): StudentInClass[] {
  const seen = new Map<string, StudentInClass>();
  for (const student of students) if (!seen.has(student.id)) seen.set(student.id, student);
  return [...seen.values()];
}
