import { beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../src/bot/messages/ar.ts';
import { en } from '../../src/bot/messages/en.ts';
import type { RunningBot } from '../../src/bot/start.ts';
import { FSI, LRI, PDI } from '../../src/text/bidi.ts';
import { buildSeedIndex } from '../helpers/seed-index.ts';
import { writeTwoOutletSeeds } from '../helpers/two-outlets.ts';
import * as p from './fake-discord/payloads.ts';
import { expectWithinLimits } from './helpers/limits.ts';
import { isCallback, isEdit, liveBotPerTest, newUser } from './helpers/live-bot.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

/**
 * Issue 14 end to end, `/ask` filters and the same story across outlets: the real discord.js client
 * against the fake Discord, on the seed index and on the seeds plus a copy of Al-Osboa's report run by
 * another outlet. PRINT_PAYLOADS=1 prints the payloads the bot sent.
 */
const EPHEMERAL = 64;
const QUESTION = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟';
const CIVILIANS = 'كم عدد المدنيين في القاعدة العسكرية الروسية؟';

let seedIndex: string;
let twoOutletIndex: string;

beforeAll(async () => {
  seedIndex = (await buildTempIndex()).indexDir;
  twoOutletIndex = await buildSeedIndex(writeTwoOutletSeeds());
});
const live = liveBotPerTest(300);

function start(indexDir = seedIndex): Promise<RunningBot> {
  return live.start(indexDir);
}

function show(label: string, body: unknown): void {
  if (process.env.PRINT_PAYLOADS) console.log(`${label}:\n${JSON.stringify(body, null, 1)}`);
}

/** `/ask` with options; resolves with the answer (the edited "thinking…" reply) or the private refusal. */
async function ask(options: Record<string, p.OptionValue>, user = newUser()) {
  const d = live.fake.dispatchInteraction(p.commandInteraction('ask', options, user));
  const first = await live.fake.waitFor(isCallback(d));
  return { d, user, first, answer: first.body.type === 5 ? (await live.fake.waitFor(isEdit(d))).body : null };
}

const publishers = (body: any): string[] => body.embeds.map((e: any) => e.fields[1].value);
const dates = (body: any): string[] => body.embeds.map((e: any) => e.fields[2].value.replace(/[\u2066-\u2069]/g, ''));

describe('/ask filters', () => {
  it('narrows the answer to an outlet and a period, says so in the asker\'s language, and keeps it on every page', async () => {
    await start();
    const { answer, user, d } = await ask({ question: QUESTION, publisher: 'الجزيره', since: '2023-09', until: '2023' });
    show('/ask publisher:الجزيره since:2023-09 until:2023 (edit of @original)', answer);
    expectWithinLimits(answer);
    // The outlet as the index spells it (taa marbuta folded), the month and the year stretched to their days.
    const line = ar.filtered(`${FSI}الجزيرة${PDI}`, `${LRI}2023-09-01${PDI}`, `${LRI}2023-12-31${PDI}`);
    expect(answer.content.split('\n')[1]).toMatch(new RegExp(`^${line}( · ${ar.skippedUndated(1).replace('1', '\\d+')})?$`));
    expect(answer.embeds.length).toBeGreaterThan(0);
    for (const publisher of publishers(answer)) expect(publisher).toBe(`${FSI}الجزيرة${PDI}`);
    for (const date of dates(answer)) expect(date >= '2023-09-01' && date <= '2023-12-31').toBe(true);

    // The filter is part of the answer: the pager's next page still says it (when there is one).
    const nextId: string = answer.components[0].components[2].custom_id;
    expect(nextId).toMatch(/^ask:[\w-]+:1$/);
    const next = live.fake.dispatchInteraction(p.buttonInteraction(nextId, live.fake.original(d.token)!, user));
    const page = await live.fake.waitFor(isCallback(next));
    show('page 2 of the filtered answer (content)', page.body.data.content);
    expect(page.body.type).toBe(7);
    expect(page.body.data.content.split('\n')[1]).toBe(answer.content.split('\n')[1]);
    for (const publisher of publishers(page.body.data)) expect(publisher).toBe(`${FSI}الجزيرة${PDI}`);
  });

  it('counts the undated articles a date filter left out', async () => {
    const running = await start();
    // Typed on an Arabic keyboard: Eastern Arabic digits.
    const { answer } = await ask({ question: 'وقف إطلاق النار', since: '٢٠٢٠' });
    const { skippedUndated } = await running.searcher().search('وقف إطلاق النار', { since: '2020' });
    expect(skippedUndated).toBeGreaterThan(0);
    show('/ask since:٢٠٢٠', { content: answer.content });
    expect(answer.content.split('\n')[1]).toBe(`${ar.filtered(null, `${LRI}2020-01-01${PDI}`, null)} · ${ar.skippedUndated(skippedUndated)}`);
  });

  it('answers "nothing within this filter" when no article matches it', async () => {
    await start();
    const { answer } = await ask({ question: QUESTION, since: '2030' });
    show('/ask since:2030', answer);
    expect(answer.embeds).toEqual([]);
    expect(answer.content.startsWith(ar.noMatchFiltered(`${FSI}${QUESTION}${PDI}`))).toBe(true);
    expect(answer.content).toContain(ar.filtered(null, `${LRI}2030-01-01${PDI}`, null));
  });

  it.each([
    ['a date that is not one', { since: '2023-13' }, ar.badDate('since', `${FSI}2023-13${PDI}`)],
    ['words for a date', { until: 'last week' }, ar.badDate('until', `${FSI}last week${PDI}`)],
    ['swapped dates', { since: '2023', until: '2020' }, ar.datesSwapped(`${FSI}2023${PDI}`, `${FSI}2020${PDI}`)],
  ])('refuses %s privately, at once and in the asker\'s language', async (_label, filter, message) => {
    await start();
    const { first, answer } = await ask({ question: QUESTION, ...filter });
    show(`/ask ${JSON.stringify(filter)}`, first.body);
    expect(answer).toBeNull(); // never deferred: no "thinking…" in the channel
    expect(first.body).toMatchObject({ type: 4, data: { content: message, flags: EPHEMERAL } });
  });

  it('refuses an outlet the index does not have, in English for an English question, naming the ones it has', async () => {
    await start();
    const { first } = await ask({ question: 'How many armoured vehicles did the separatists hand over?', publisher: '@everyone CNN' });
    show('/ask publisher:@everyone CNN', first.body);
    expect(first.body.type).toBe(4);
    expect(first.body.data.flags).toBe(EPHEMERAL);
    expect(first.body.data.content.startsWith(en.unknownPublisher(`${FSI}@\u200beveryone CNN${PDI}`, '').slice(0, 40))).toBe(true);
    expect(first.body.data.content).toContain('الجزيرة');
    expect(first.body.data.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('suggests the index\'s outlets for publisher:, matching folded spellings', async () => {
    const running = await start();
    const suggest = async (typed: string) => {
      const d = live.fake.dispatchInteraction(p.autocompleteInteraction('ask', { question: 'x', publisher: typed }, 'publisher', newUser()));
      return (await live.fake.waitFor(isCallback(d))).body;
    };
    const all = await suggest('');
    show('autocomplete publisher:""', all);
    expect(all.type).toBe(8);
    expect(all.data.choices).toEqual(running.searcher().publishers().map((name) => ({ name, value: name })));
    expect(all.data.choices.length).toBeGreaterThan(1);
    const some = await suggest('الاسب');
    expect(some.data.choices).toEqual([{ name: 'الأسبوع', value: 'الأسبوع' }]);
    expect((await suggest('x'.repeat(300))).data.choices).toEqual([]);
  });
});

describe('the same story across outlets', () => {
  it('shows the report once and lists the other outlet with its date and id, escaped and isolated', async () => {
    await start(twoOutletIndex);
    const { answer } = await ask({ question: CIVILIANS });
    show('/ask on the two-outlet seeds', answer);
    expectWithinLimits(answer);
    const first = answer.embeds[0];
    const also = first.fields.find((f: any) => f.name === ar.alsoReportedBy);
    expect(also).toBeDefined();
    const shown = first.fields[1].value;
    const [other, date] = shown === `${FSI}الأسبوع${PDI}` ? ['الجزيرة', '2023-09-23'] : ['الأسبوع', '2023-09-20'];
    expect(also.value).toMatch(new RegExp(`^${FSI}${other}${PDI} \\(${LRI}${date}${PDI}\\) \`[a-z0-9]+\`$`));
    // The listed id is a passage /source shows.
    const id = /`([a-z0-9]+)`/.exec(also.value)![1]!;
    expect(live.bot.searcher().source(id).passage.article.publisher).toBe(other);
    // The other embeds have no repeat of the first one's story.
    expect(answer.embeds.slice(1).map((e: any) => e.fields[0].value)).not.toContain(`\`${id}\``);
  });

  it('lists nothing when a publisher filter keeps only one outlet', async () => {
    await start(twoOutletIndex);
    const { answer } = await ask({ question: CIVILIANS, publisher: 'الأسبوع' });
    expect(answer.embeds[0].fields.map((f: any) => f.name)).not.toContain(ar.alsoReportedBy);
  });
});

describe('a full reply in each language', () => {
  it('answers an Arabic question with every word of the bot in Arabic', async () => {
    await start();
    const { answer } = await ask({ question: QUESTION, results: 3 });
    show('Arabic /ask, full reply', answer);
    expectWithinLimits(answer);
    expect(answer.content).toBe(`${ar.passagesFor(ar.range(1, 3, 15), `${FSI}${QUESTION}${PDI}`)}\n${ar.sourceHint}`);
    expect(answer.embeds.map((e: any) => e.fields.map((f: any) => f.name))).toEqual(Array(3).fill([ar.sourceId, ar.publisher, ar.date, ar.file]));
    expect(answer.embeds[2].footer.text).toBe(ar.page(1, 5));
    expect(answer.components.map((r: any) => r.components.map((c: any) => c.label))).toEqual([
      [ar.previous, '1 / 5', ar.next],
      [ar.helpful, ar.notHelpful],
    ]);
  });

  it('answers an English question with every word of the bot in English', async () => {
    await start();
    const question = 'How many armoured vehicles did the separatists hand over?';
    const { answer } = await ask({ question, results: 2 });
    show('English /ask, full reply', answer);
    expectWithinLimits(answer);
    // The offline test index has no language model: the question is understood through the bundled dictionary.
    const [lead, searchedAs, hint] = answer.content.split('\n');
    expect(lead).toBe(en.passagesFor(en.range(1, 2, 15), `${FSI}${question}${PDI}`));
    expect(searchedAs!.startsWith(en.searchedAs(''))).toBe(true);
    expect(hint).toBe(en.sourceHint);
    expect(answer.embeds.map((e: any) => e.fields.map((f: any) => f.name))).toEqual(Array(2).fill([en.sourceId, en.publisher, en.date, en.file]));
    expect(answer.embeds[1].footer.text).toBe(en.page(1, 8));
    expect(answer.components.map((r: any) => r.components.map((c: any) => c.label))).toEqual([
      [en.previous, '1 / 8', en.next],
      [en.helpful, en.notHelpful],
    ]);
  });
});
