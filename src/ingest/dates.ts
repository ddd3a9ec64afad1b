import { normalizeForMatch } from '../text/normalize.ts';

/** Month names as they appear in Arabic news (Egyptian/Gulf, Maghrebi and Levantine forms) and English, normalized. */
const MONTHS: [number, string[]][] = [
  [1, ['يناير', 'كانون الثاني', 'جانفي', 'january', 'jan']],
  [2, ['فبراير', 'شباط', 'فيفري', 'february', 'feb']],
  [3, ['مارس', 'اذار', 'march', 'mar']],
  [4, ['ابريل', 'نيسان', 'افريل', 'april', 'apr']],
  [5, ['مايو', 'ايار', 'ماي', 'may']],
  [6, ['يونيو', 'يونيه', 'حزيران', 'جوان', 'june', 'jun']],
  [7, ['يوليو', 'يوليه', 'تموز', 'جويليه', 'july', 'jul']],
  [8, ['اغسطس', 'غشت', 'اب', 'اوت', 'august', 'aug']],
  [9, ['سبتمبر', 'شتنبر', 'ايلول', 'september', 'sep', 'sept']],
  [10, ['اكتوبر', 'تشرين الاول', 'october', 'oct']],
  [11, ['نوفمبر', 'نونبر', 'تشرين الثاني', 'november', 'nov']],
  [12, ['ديسمبر', 'دجنبر', 'كانون الاول', 'december', 'dec']],
];
const monthByName = new Map(MONTHS.flatMap(([n, names]) => names.map((name) => [normalizeForMatch(name), n] as const)));
// Longest first so "كانون الثاني" wins over a shorter overlapping name.
const MONTH = [...monthByName.keys()].sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS = 'السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|saturday|sunday|monday|tuesday|wednesday|thursday|friday';

const PATTERNS: { pattern: RegExp; order: 'ymd' | 'dmy' | 'mdy' }[] = [
  { pattern: /\b(\d{4})-(\d{1,2})-(\d{1,2})/, order: 'ymd' },
  { pattern: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/, order: 'dmy' },
  // "10 تشرين الثاني/ نوفمبر 2020": Levantine and Egyptian names are often given as a pair
  { pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?[\\s,/-]*(${MONTH})(?:\\s*/\\s*(?:${MONTH}))?[\\s,/-]*(\\d{4})\\b`), order: 'dmy' },
  { pattern: new RegExp(`(?:^|\\s)(${MONTH})\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`), order: 'mdy' },
];

function toIso(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function monthOf(token: string): number {
  return /^\d+$/.test(token) ? Number(token) : (monthByName.get(token) ?? 0);
}

/** Finds the first date in a text, in any of the formats above, as { iso, match }. */
function findDate(text: string): { iso: string; match: string } | null {
  const normalized = normalizeForMatch(text);
  for (const { pattern, order } of PATTERNS) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    const iso =
      order === 'ymd'
        ? toIso(Number(a), monthOf(b), Number(c))
        : order === 'dmy'
          ? toIso(Number(c), monthOf(b), Number(a))
          : toIso(Number(c), monthOf(a), Number(b));
    if (iso) return { iso, match: m[0] };
  }
  return null;
}

/** The ISO date (YYYY-MM-DD) a text states, e.g. "23rd, September 2023 GMT" or "٢٥ / ديسمبر / ٢٠٢٤", or null. */
export function parseDate(text: string): string | null {
  return findDate(text)?.iso ?? null;
}

/** True when a line holds nothing but a date, maybe with a weekday, a time and a time zone: a page-render stamp. */
export function isDateOnly(line: string): boolean {
  // The longest stamp (weekday, day, month names in two calendars, year, time, zone) is far shorter;
  // the check skips running text, which is most lines of a large page.
  if (line.length > 80) return false;
  const found = findDate(line);
  if (!found) return false;
  const rest = normalizeForMatch(line)
    .replace(found.match, ' ')
    .replace(new RegExp(`(?<!\\p{L})(${WEEKDAYS})(?!\\p{L})`, 'gu'), ' ')
    .replace(/\d{1,2}:\d{2}(:\d{2})?|\b(gmt|utc)\b|[@/,.|:-]/g, ' ');
  return rest.trim() === '';
}
