import { describe, expect, it } from 'vitest';
import { isDateOnly, parseDate } from '../../src/ingest/dates.ts';

describe('parseDate', () => {
  it.each([
    ['23rd, September 2023 GMT', '2023-09-23'],
    ['20th, September 2023', '2023-09-20'],
    ['Published On 26/11/2020', '2020-11-26'],
    ['2024-09-19@18:08:00 GMT', '2024-09-19'],
    ['الأربعاء ٢٥ / ديسمبر / ٢٠٢٤', '2024-12-25'],
    ['10 تشرين الثاني/ نوفمبر 2020', '2020-11-10'],
    ['1 أيلول 2023', '2023-09-01'],
    ['September 20, 2023', '2023-09-20'],
    ['٣ غشت ٢٠٢٤', '2024-08-03'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([['شهر غشت 2024'], ['اليوم الأربعاء'], ['31/02/2023'], ['في 2020']])('finds no full date in %s', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('isDateOnly', () => {
  it.each([['2024-09-19@18:08:00 GMT'], ['الأربعاء ٢٥ / ديسمبر / ٢٠٢٤'], ['23rd, September 2023 GMT']])(
    'recognizes the bare stamp %s',
    (line) => expect(isDateOnly(line)).toBe(true),
  );

  it.each([['Published On 26/11/2020'], ['وفي نهاية أيلول/ سبتمبر 2020، استؤنفت الأعمال القتالية']])(
    'rejects %s, which says more than a date',
    (line) => expect(isDateOnly(line)).toBe(false),
  );
});
