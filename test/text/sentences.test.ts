import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.ts';

describe('splitSentences', () => {
  it('splits a seed paragraph at its full stop, keeping quotes inside the sentence', () => {
    const text =
      'وقال أمين المظالم لشؤون حقوق الإنسان في المنطقة غيغام ستيبانيان “ثمة 200 قتيل على الأقل وأكثر من 400 جريح” جراء العملية التي بدأت الثلاثاء وانتهت الأربعاء. كما تحدث عن إجلاء أكثر من 10 آلاف شخص.';
    expect(splitSentences(text)).toEqual([
      'وقال أمين المظالم لشؤون حقوق الإنسان في المنطقة غيغام ستيبانيان “ثمة 200 قتيل على الأقل وأكثر من 400 جريح” جراء العملية التي بدأت الثلاثاء وانتهت الأربعاء.',
      'كما تحدث عن إجلاء أكثر من 10 آلاف شخص.',
    ]);
  });

  it.each([
    ['a decimal point', 'نمو 2.5 بالمئة هذا العام. وانتهى.', ['نمو 2.5 بالمئة هذا العام.', 'وانتهى.']],
    ['an Arabic question mark', 'هل انتهت الحرب؟ نعم انتهت تماما', ['هل انتهت الحرب؟', 'نعم انتهت تماما']],
    ['a dotted title', 'وقال د. أحمد إن ذلك جيد.', ['وقال د. أحمد إن ذلك جيد.']],
    ['no final stop', 'بلا نقطة في آخره', ['بلا نقطة في آخره']],
  ])('handles %s', (_, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});
