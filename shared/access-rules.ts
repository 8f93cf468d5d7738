import { z } from 'zod';
import { GRADE_MAX, GRADE_MIN, ROLES } from './roles';

// The conditions an access rule is made of. Shared so the admin UI and the server validate alike.
const grade = z.number().int().min(GRADE_MIN).max(GRADE_MAX);
const ids = (max: number) => z.array(z.string().min(1).max(100)).min(1).max(max);

export const conditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), anyOf: z.array(z.enum(ROLES)).min(1).max(ROLES.length) }),
  z
    .object({ kind: z.literal('grade'), min: grade, max: grade })
    .refine((c) => c.min <= c.max, { message: 'min must not be above max' }),
  z.object({ kind: z.literal('campus'), anyOf: ids(200) }),
  z.object({ kind: z.literal('hasClasses'), value: z.boolean() }),
  z.object({ kind: z.literal('hasEmail'), value: z.boolean() }),
  z.object({ kind: z.literal('sisFlag'), flag: z.string().min(1).max(64), value: z.boolean() }),
  /** Named people: `value: false` means "none of these" (the exceptions to a rule). */
  z.object({ kind: z.literal('person'), anyOf: ids(500), value: z.boolean() }),
  /** People in (or, with `value: false`, in none of) these classes of the current term. */
  z.object({ kind: z.literal('class'), anyOf: ids(200), value: z.boolean() }),
]);
export type Condition = z.infer<typeof conditionSchema>;

/** A rule holds when all of its conditions do: a handful in practice, bounded so a file cannot be huge. */
export const ruleConditionsSchema = z.array(conditionSchema).min(1).max(20);
