import { UserError } from '../errors.ts';

const MAX_QUESTION_CHARS = 2000;

/** Checks a question before any work is done; returns it trimmed. */
export function validateQuestion(question: string, maxChars = MAX_QUESTION_CHARS): string {
  const trimmed = question.trim();
  if (trimmed === '') throw new UserError('The question is empty: ask something about the articles, e.g. "من هو المتحدث باسم الخارجية الأذربيجانية؟".', 'empty-question');
  if (!/[\p{L}\p{N}]/u.test(trimmed)) throw new UserError('The question has no words, only punctuation or symbols: ask it in words.', 'no-words');
  if (trimmed.length > maxChars)
    throw new UserError(`The question is ${trimmed.length} characters long; the limit is ${maxChars}: shorten it to the point you want answered.`, 'too-long');
  return trimmed;
}
