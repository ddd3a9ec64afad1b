import { describe, expect, it } from 'vitest';
import { buildUsageReport, groupUnanswered } from '../../src/report/usage.ts';
import { renderReportCsv, renderReportJson, renderReportText } from '../../src/report/render.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createFeedbackStore, type AskedQuestion } from '../../src/store/feedback.ts';

const day = (d: number, hour = 12) => Date.UTC(2026, 10, d, hour);

function filled() {
  const db = openDatabase(':memory:');
  const feedback = createFeedbackStore(db, 'salt');
  const ask = (over: Partial<AskedQuestion>) =>
    feedback.logQuestion({ guildId: 'g1', channelId: 'c', userId: 'u1', question: 'q', confident: true, topScore: 1, embedder: 'ngram', latencyMs: 10, shown: ['p1', 'p2'], ...over });
  ask({ at: day(1), latencyMs: 10 });
  ask({ at: day(1), latencyMs: 30, guildId: 'g2', shown: ['p1'] });
  const unanswered1 = ask({ at: day(2), confident: false, question: 'كم عدد سكان باكو؟', latencyMs: 20, shown: ['p3'] });
  ask({ at: day(2), confident: false, question: 'عدد سكان باكو', latencyMs: 40 });
  ask({ at: day(3), confident: false, question: 'متى ولد علييف؟', latencyMs: 50 });
  feedback.rate({ questionId: unanswered1, userId: 'u2', guildId: 'g1', channelId: 'c', rating: -1, at: day(2, 13) });
  feedback.explain(unanswered1, 'u2', 'not-answered', 'لا يوجد عدد السكان');
  feedback.rate({ questionId: unanswered1, userId: 'u3', guildId: 'g1', channelId: 'c', rating: 1, at: day(2, 14) });
  return db;
}

describe('buildUsageReport', () => {
  it('counts questions per day and per server with the confident share and median latency', () => {
    const report = buildUsageReport(filled());
    expect(report.totals).toMatchObject({ questions: 5, confidentShare: 0.4, medianLatencyMs: 30, ratedUp: 1, ratedDown: 1 });
    expect(report.perDay).toEqual([
      { day: '2026-11-01', questions: 2, confidentShare: 1, medianLatencyMs: 20 },
      { day: '2026-11-02', questions: 2, confidentShare: 0, medianLatencyMs: 30 },
      { day: '2026-11-03', questions: 1, confidentShare: 0, medianLatencyMs: 50 },
    ]);
    expect(report.perServer.map((s) => [s.guildId, s.questions])).toEqual([['g1', 4], ['g2', 1]]);
  });

  it('groups unanswered questions by their content words, most frequent first', () => {
    const { unanswered } = buildUsageReport(filled());
    expect(unanswered.map((g) => g.count)).toEqual([2, 1]);
    expect(unanswered[0]!.examples).toEqual(['كم عدد سكان باكو؟', 'عدد سكان باكو']);
    expect(unanswered[0]!.words).toEqual(['سكان', 'باكو']);
  });

  it('lists answers rated down with the reason, the comment and the passages shown', () => {
    const { ratedDown, mostCited } = buildUsageReport(filled());
    expect(ratedDown).toEqual([
      { questionId: 3, ratedAt: '2026-11-02T13:00:00.000Z', question: 'كم عدد سكان باكو؟', reason: 'not-answered', comment: 'لا يوجد عدد السكان', passages: ['p3'] },
    ]);
    expect(mostCited[0]).toEqual({ passageId: 'p1', times: 4 });
  });

  it('starts at --since', () => {
    const report = buildUsageReport(filled(), { since: '2026-11-02' });
    expect(report.totals.questions).toBe(3);
    expect(report.perDay.map((d) => d.day)).toEqual(['2026-11-02', '2026-11-03']);
  });

  it('counts questions past retention without grouping their (cleared) text', () => {
    const db = filled();
    createFeedbackStore(db, 'salt').applyRetention(1, day(30));
    const report = buildUsageReport(db);
    expect(report.unanswered).toEqual([]);
    expect(report.unansweredWithoutText).toBe(3);
  });
});

describe('groupUnanswered', () => {
  it('keeps Object.prototype names as plain words', () => {
    expect(groupUnanswered(['constructor toString', 'constructor toString?']).map((g) => g.count)).toEqual([2]);
  });

  it('ignores questions with no content words', () => {
    expect(groupUnanswered(['ما هو؟'])).toEqual([]);
  });
});

describe('rendering', () => {
  it('prints a readable report with a bar per day when asked', () => {
    const text = renderReportText(buildUsageReport(filled()), true);
    expect(text).toContain('5 questions, 40% answered confidently, median latency 30 ms; rated 👍 1, 👎 1.');
    expect(text).toMatch(/2026-11-01 █{30}\s+2 {2}confident 100%/);
    expect(text).toMatch(/2× {2}سكان باكو {3}e\.g\. "كم عدد سكان باكو؟"/);
    expect(text).toContain('not-answered: "لا يوجد عدد السكان"  passages p3');
    expect(renderReportText(buildUsageReport(filled()), false)).not.toContain('█');
  });

  it('says so when there were no questions', () => {
    expect(renderReportText(buildUsageReport(openDatabase(':memory:')), true)).toContain('No questions in this period.');
  });

  it('writes JSON with null for undefined shares, and CSV tables with quoted cells', () => {
    const empty = JSON.parse(renderReportJson(buildUsageReport(openDatabase(':memory:'))));
    expect(empty.totals.confidentShare).toBeNull();
    const csv = renderReportCsv(buildUsageReport(filled()));
    expect(csv.split('\n')[0]).toBe('"per_day","questions","confident_share","median_latency_ms"');
    expect(csv).toContain('"2026-11-01","2","1.000","20"');
    expect(csv).toContain('"3","2026-11-02T13:00:00.000Z","not-answered","لا يوجد عدد السكان","p3","كم عدد سكان باكو؟"');
  });
});
