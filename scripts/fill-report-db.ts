import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/store/database.ts';
import { createFeedbackStore, RATING_REASONS } from '../src/store/feedback.ts';

/**
 * `npx tsx scripts/fill-report-db.ts FILE [N]`: fills a bot database with N (default 10,000) made-up
 * questions over 30 days, three servers and 300 users, with ratings, so that `npm run report` can be
 * tried and timed without a live bot. Questions are the project's own test questions; a deterministic
 * generator makes the run repeatable.
 */
const [file, countText = '10000'] = process.argv.slice(2);
if (!file || file === '--help') {
  process.stdout.write('usage: npx tsx scripts/fill-report-db.ts FILE [N]\n');
  process.exit(file ? 0 : 1);
}
const count = Number(countText);
const questions = readFileSync(path.resolve(import.meta.dirname, '../test/fixtures/extra-questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { question: string; file: string | null });

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const db = openDatabase(path.resolve(file));
const feedback = createFeedbackStore(db, 'fill-report-db');
const start = Date.now() - 30 * 86_400_000;
db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const q = pick(questions);
    const confident = q.file !== null ? random() < 0.9 : random() < 0.1;
    const id = feedback.logQuestion({
      at: start + Math.floor((i / count) * 30 * 86_400_000),
      guildId: pick(['100000000000000001', '100000000000000002', '100000000000000003']),
      channelId: pick(['200000000000000001', '200000000000000002']),
      userId: String(Math.floor(random() * 300)),
      question: q.question,
      confident,
      topScore: random(),
      embedder: 'ngram',
      latencyMs: 5 + random() * 60,
      shown: Array.from({ length: 3 }, () => pick(['5y56vztm', 'cvx9kytr', 't34v3vet', '4h8wheze', 'k7m2qx9a', 'b3n8r2wp'])),
    });
    if (random() < 0.15) {
      const userId = String(Math.floor(random() * 300));
      const rating = confident && random() < 0.8 ? 1 : -1;
      feedback.rate({ questionId: id, userId, guildId: null, channelId: null, rating });
      if (rating === -1 && random() < 0.5) feedback.explain(id, userId, pick(RATING_REASONS), random() < 0.3 ? 'المقطع لا يجيب عن السؤال' : null);
    }
  }
})();
db.close();
process.stdout.write(`Wrote ${count} questions to ${file}\n`);
