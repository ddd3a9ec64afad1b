/**
 * Every word the bot says in its own voice, in English. This object defines the keys; ar.ts must
 * have each of them (the type checker and test/bot/messages.test.ts both fail on a missing one).
 * Values that take arguments are functions; the arguments are already escaped and isolated.
 */
export const en = {
  // /ask and mention answers
  passagesFor: (range: string, question: string) => `Passages ${range} for ${question}:`,
  notConfident: 'The articles do not seem to answer this; closest passages:',
  noMatch: (question: string) => `No passage matches ${question}; try other words.`,
  sourceHint: 'Type `/source id:<id>` to read a passage in full with its neighbours.',
  followUpOf: (question: string) => `Searched together with this thread's first question: ${question}`,
  range: (from: number, to: number, total: number) => `${from}–${to} of ${total}`,
  untitled: 'Untitled article',
  unknown: 'unknown',
  page: (page: number, pages: number) => `Page ${page} of ${pages}`,
  // filters (/ask publisher:, since:, until:) and the same story across outlets
  filtered: (publisher: string | null, since: string | null, until: string | null) =>
    `Filter: ${[publisher === null ? null : `publisher ${publisher}`, [since === null ? '' : `from ${since}`, until === null ? '' : `to ${until}`].join(' ').trim()].filter((part) => part).join(', ')}`,
  skippedUndated: (count: number) => `${count} ${count === 1 ? 'article' : 'articles'} without a date ${count === 1 ? 'was' : 'were'} left out`,
  noMatchFiltered: (question: string) => `No passage matches ${question} within this filter; try a wider period, another publisher or other words.`,
  alsoReportedBy: 'Also reported by',
  listSeparator: ', ',
  andMore: (count: number) => `and ${count} more`,
  previous: '◀ Previous',
  next: 'Next ▶',
  // citations
  sourceId: 'Source id',
  publisher: 'Publisher',
  date: 'Date',
  file: 'File',
  fileLabel: (file: string, article: number | null, paragraph: number) =>
    `${file}${article === null ? '' : `, article ${article}`}, paragraph ${paragraph}`,
  // /source
  passageHeader: (id: string, paragraph: number) => `Passage \`${id}\`, paragraph ${paragraph} of its article:`,
  continued: (part: number, parts: number) => `(continued ${part}/${parts})`,
  before: 'Before',
  after: 'After',
  paragraph: (n: number) => `paragraph ${n}`,
  unknownId: (id: string) =>
    `There is no passage with the id "${id}". Ids are shown under each \`/ask\` result ("Source id"); ` +
    'you can also start typing words of a passage in `/source` and pick one of the suggestions.',
  // /about
  aboutTitle: 'About this bot',
  aboutIntro:
    'I answer questions about a small collection of Arabic news articles on Nagorno-Karabakh (2020 and 2023) and cite the passages I found.',
  howToAsk: (languages: string) =>
    `**How to ask:** \`/ask question:<your question>\` (${languages}), optionally \`results:1–5\`, \`publisher:\` (suggested as you type), \`since:\` and \`until:\` (\`2023\`, \`2023-09\` or \`2023-09-20\`); or mention me with a question in a channel and I answer in a thread; or right-click a message → Apps → **Find sources**.`,
  aboutCitations: 'Each answer lists passages with the best sentence in bold and a source id; `/source id:<id>` shows a passage in full.',
  languagesModel: 'in Arabic or English',
  languagesNgram: 'in Arabic, or in English through a bundled dictionary (this index has no language model, so English is matched word by word)',
  articles: 'Articles',
  passages: 'Passages',
  files: 'Files',
  publishers: 'Publishers',
  dates: 'Publication dates',
  embedder: 'Embedder',
  built: 'Index built',
  // refusals and errors
  rateLimited: (seconds: number) => `You are asking faster than I can keep up; please wait ${seconds} s before your next question.`,
  busy: 'I am busy answering many questions right now; please try again in a few seconds.',
  stopping: 'The bot is restarting; please try again in a minute.',
  failed: (ref: string) => `Something went wrong on my side (ref ${ref}); please try again later.`,
  expired: 'These result buttons have expired; ask again to see more passages.',
  notYours: 'Only the person who asked can page through these results; ask your own question to get yours.',
  inactiveButton: 'This button is no longer active; run the command again.',
  unknownCommand: 'I do not know this command (it may have been removed); try `/about`.',
  emptyQuestion: 'The question is empty: ask something about the articles, e.g. "من هو المتحدث باسم الخارجية الأذربيجانية؟".',
  noWords: 'The question has no words, only punctuation or symbols: ask it in words.',
  tooLong: (length: number, max: number) =>
    `The question is ${length} characters long; the limit is ${max}: shorten it to the point you want answered.`,
  badDate: (option: string, value: string) =>
    `\`${option}:\` must be a date like 2023, 2023-09 or 2023-09-20 (year, year-month or year-month-day); you typed ${value}.`,
  datesSwapped: (since: string, until: string) => `\`since:\` (${since}) is after \`until:\` (${until}): swap them.`,
  unknownPublisher: (name: string, known: string | null) =>
    known === null
      ? `No publisher named ${name}: no article in the index states its publisher, so leave \`publisher:\` empty.`
      : `No publisher named ${name} in the index; pick one of the suggestions, e.g. ${known}.`,
  mentionEmpty: 'Mention me with a question, e.g. "@bot كم عدد المركبات المدرعة التي سلمها الانفصاليون؟", and I answer in a thread.',
  // where the bot answers, and rating an answer (👍/👎)
  noAnswer: 'The articles do not seem to answer this.',
  showClosest: 'Show the closest passages',
  searchedAs: (terms: string) => `Searched as: ${terms}`,
  searchedAsNothing: 'nothing the articles contain',
  askElsewhere: (channels: string) => `I answer questions in ${channels} on this server: ask me there.`,
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  // Find sources
  noText: 'This message has no text to look up (it may be only an image, a file or a sticker); use Find sources on a message with words in it.',
  onlyLink:
    'This message is only a link; I look up the words of a message, not the pages it links to. Use Find sources on a message that states something.',
  onlyEmbed: 'This message has only an embed or attachments and no text of its own; use Find sources on a message with words in it.',
} as const;

/** The catalog's shape: what every language provides. */
export type Messages = { readonly [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string ? (...args: A) => string : string };
