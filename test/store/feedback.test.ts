import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { anonymize, createFeedbackStore, feedbackSalt, type AskedQuestion } from '../../src/store/feedback.ts';

function store(salt = 'test-salt') {
  const db = openDatabase(':memory:');
  return { db, feedback: createFeedbackStore(db, salt) };
}

const question = (over: Partial<AskedQuestion> = {}): AskedQuestion => ({
  guildId: 'g1',
  channelId: 'c1',
  userId: '111',
  question: 'كم عدد المركبات المدرعة؟',
  confident: true,
  topScore: 0.8,
  embedder: 'ngram',
  latencyMs: 12.4,
  shown: ['aaaa1111', 'bbbb2222', 'cccc3333'],
  ...over,
});

describe('feedback store', () => {
  it('logs a question with the passages shown and their ranks, never the raw user id', () => {
    const { db, feedback } = store();
    const id = feedback.logQuestion(question());
    const row = db.prepare('SELECT * FROM questions WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({ guild_id: 'g1', channel_id: 'c1', question: 'كم عدد المركبات المدرعة؟', confident: 1, embedder: 'ngram', latency_ms: 12 });
    expect(row.user_hash).toBe(anonymize('111', 'test-salt'));
    expect(JSON.stringify(db.prepare('SELECT * FROM questions').all())).not.toContain('"111"');
    expect(db.prepare('SELECT rank, passage_id FROM shown_passages WHERE question_id = ? ORDER BY rank').all(id)).toEqual([
      { rank: 1, passage_id: 'aaaa1111' },
      { rank: 2, passage_id: 'bbbb2222' },
      { rank: 3, passage_id: 'cccc3333' },
    ]);
  });

  it('keeps one rating per person per answer: a second click changes it', () => {
    const { db, feedback } = store();
    const id = feedback.logQuestion(question());
    const rating = { questionId: id, userId: '111', guildId: 'g1', channelId: 'c1' };
    expect(feedback.rate({ ...rating, rating: -1 })).toBeNull();
    expect(feedback.explain(id, '111', 'wrong-passage', 'not this one')).toBe(true);
    expect(feedback.rate({ ...rating, rating: 1 })).toBe(-1);
    expect(db.prepare('SELECT rating, reason, comment FROM ratings').all()).toEqual([{ rating: 1, reason: null, comment: null }]);
  });

  it('counts a second rater separately', () => {
    const { db, feedback } = store();
    const id = feedback.logQuestion(question());
    feedback.rate({ questionId: id, userId: '111', guildId: 'g1', channelId: 'c1', rating: 1 });
    feedback.rate({ questionId: id, userId: '222', guildId: 'g1', channelId: 'c1', rating: -1 });
    expect(db.prepare('SELECT rating FROM ratings ORDER BY rating').pluck().all()).toEqual([-1, 1]);
  });

  it('says when the question is unknown', () => {
    const { feedback } = store();
    expect(feedback.rate({ questionId: 999, userId: '1', guildId: null, channelId: null, rating: 1 })).toBeUndefined();
    expect(feedback.explain(999, '1', 'other', null)).toBe(false);
  });

  it('forgets one person: their questions, what was shown, and their ratings; others stay', () => {
    const { db, feedback } = store();
    const mine = feedback.logQuestion(question({ userId: '111' }));
    const theirs = feedback.logQuestion(question({ userId: '222' }));
    feedback.rate({ questionId: theirs, userId: '111', guildId: 'g1', channelId: 'c1', rating: 1 });
    feedback.rate({ questionId: theirs, userId: '222', guildId: 'g1', channelId: 'c1', rating: 1 });
    expect(feedback.forget('111')).toBe(2);
    expect(db.prepare('SELECT id FROM questions').pluck().all()).toEqual([theirs]);
    expect(db.prepare('SELECT COUNT(*) FROM shown_passages WHERE question_id = ?').pluck().get(mine)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM ratings').pluck().get()).toBe(1);
    expect(feedback.forget('111')).toBe(0);
  });

  it('clears question texts and comments past the retention period and keeps the counts', () => {
    const { db, feedback } = store();
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 26);
    const old = feedback.logQuestion(question({ at: now - 100 * day }));
    feedback.logQuestion(question({ at: now - 10 * day }));
    feedback.rate({ questionId: old, userId: '5', guildId: null, channelId: null, rating: -1, at: now - 95 * day });
    feedback.explain(old, '5', 'other', 'free text');
    expect(feedback.applyRetention(90, now)).toBe(2);
    expect(db.prepare('SELECT question IS NULL FROM questions ORDER BY id').pluck().all()).toEqual([1, 0]);
    expect(db.prepare('SELECT comment, reason FROM ratings').get()).toEqual({ comment: null, reason: 'other' });
    expect(db.prepare('SELECT COUNT(*) FROM questions').pluck().get()).toBe(2);
  });
});

describe('feedbackSalt', () => {
  it('uses FEEDBACK_SALT when set, else generates one into the database once', () => {
    const db = openDatabase(':memory:');
    expect(feedbackSalt(db, 'configured')).toBe('configured');
    const generated = feedbackSalt(db, null);
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    expect(feedbackSalt(db, null)).toBe(generated);
  });

  it('hashes the same user the same way, different users differently', () => {
    expect(anonymize('1', 's')).toBe(anonymize('1', 's'));
    expect(anonymize('1', 's')).not.toBe(anonymize('2', 's'));
    expect(anonymize('1', 's')).not.toBe(anonymize('1', 't'));
  });
});
