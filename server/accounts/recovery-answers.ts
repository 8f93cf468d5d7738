import { invalidRequest } from '../errors';
import { RECOVERY_ANSWER_MAX_LENGTH, RECOVERY_QUESTIONS } from '../../shared/accounts';

export interface RecoveryAnswer {
  question: string;
  answer: string;
}

/**
 * An answer as it is compared: accents, case, punctuation and spacing do not count ("Señor  Fluffy!" is
 * "senor fluffy"), so a person need not remember how they typed it.
 */
export function normaliseAnswer(answer: string): string {
  return answer
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Exactly `asked` answers to different questions from the list, each normalised and at least 2 characters;
 * anything else is a 400 naming what is wrong.
 */
export function readRecoveryAnswers(given: readonly RecoveryAnswer[], asked: number): RecoveryAnswer[] {
  if (given.length !== asked) throw invalidRequest('recovery', `answer exactly ${asked} questions`);
  const seen = new Set<string>();
  return given.map(({ question, answer }) => {
    if (!(RECOVERY_QUESTIONS as readonly string[]).includes(question))
      throw invalidRequest('recovery', `"${question}" is not one of the questions`);
    if (seen.has(question)) throw invalidRequest('recovery', 'choose a different question for each answer');
    seen.add(question);
    const normalised = normaliseAnswer(answer);
    if (normalised.length < 2) throw invalidRequest('recovery', 'every answer needs at least 2 letters or digits');
    if (normalised.length > RECOVERY_ANSWER_MAX_LENGTH)
      throw invalidRequest('recovery', `answers can have at most ${RECOVERY_ANSWER_MAX_LENGTH} characters`);
    return { question, answer: normalised };
  });
}

/**
 * The one text the password KDF hashes for a set of answers, in the order the questions were chosen: one
 * verify per recovery try, and a wrong try does not tell which answer was wrong.
 */
export const recoveryAnswersText = (answers: readonly RecoveryAnswer[]) =>
  JSON.stringify(answers.map(({ question, answer }) => [question, normaliseAnswer(answer)]));
