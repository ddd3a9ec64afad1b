import { describe, expect, it } from 'vitest';
import { validateQuestion } from '../../src/search/question.ts';

describe('validateQuestion', () => {
  it('returns the question trimmed', () => {
    expect(validateQuestion('  من هو المتحدث؟ \n')).toBe('من هو المتحدث؟');
  });

  it.each([
    ['', 'The question is empty'],
    ['   \n\t', 'The question is empty'],
    ['؟!...', 'only punctuation'],
    ['🙂🙂', 'only punctuation'],
    ['ب'.repeat(2001), 'is 2001 characters long; the limit is 2000'],
  ])('rejects %j with a message that says what to do', (question, message) => {
    expect(() => validateQuestion(question)).toThrow(message);
  });

  it('accepts a question of exactly the limit', () => {
    expect(validateQuestion('ب'.repeat(2000))).toHaveLength(2000);
  });
});
