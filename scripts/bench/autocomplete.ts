import { suggestSources } from '../../src/bot/suggest.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { pct, sleep } from './measure.ts';


/** Autocomplete timings on an open index: suggestSources over typed texts from 1 to 1,000 characters, three rounds. */
export async function timeAutocomplete(searcher: Searcher, questions: string[]): Promise<{ count: number; p50: number; p95: number; max: number }> {
  const ids = searcher.suggest('', 50).map((x) => x.id);
  const typed = [
    ...questions.flatMap((q) => [q.slice(0, 3), q.slice(0, 12), q]),
    ...ids.flatMap((id) => [id.slice(0, 2), id]),
    'zzqqxx',
    'كلمة غير موجودة في أي مقال',
    'ا',
    questions.join(' ').slice(0, 1000),
  ];
  suggestSources(searcher, '', 25); // builds the lookup once per index (not part of a suggestion)
  await sleep(2000); // the lookup folds passage texts in the background
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const t of typed) {
      const start = performance.now();
      suggestSources(searcher, t, 25);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50: pct(times, 0.5), p95: pct(times, 0.95), max: pct(times, 1) };
}
