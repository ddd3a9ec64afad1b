/**
 * A real WordPiece tokenizer (tokenizer.json in the Hugging Face `tokenizers` format) whose vocab is
 * mostly single characters plus `##` continuations, so any Arabic or Latin word splits into known
 * pieces instead of [UNK]. A few whole words are added so common words become one token.
 */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const ARABIC_LETTERS = range(0x0621, 0x063a) + range(0x0640, 0x064a) + 'پچژگکی' + range(0x0660, 0x0669);
const LATIN = range(0x61, 0x7a) + range(0x30, 0x39);
const PUNCTUATION = '.,;:!?\'"()[]{}-_/\\«»،؛؟%$&*+=<>@#…—–';

const WORDS = [
  // Arabic function words and words from the news seeds.
  'في',
  'من',
  'على',
  'إلى',
  'عن',
  'أن',
  'التي',
  'الذي',
  'هذا',
  'هذه',
  'كان',
  'قال',
  'بين',
  'بعد',
  'قبل',
  'مع',
  'حول',
  'عند',
  'حتى',
  'لكن',
  'أو',
  'ثم',
  'كل',
  'ما',
  'لا',
  'لم',
  'قد',
  'هو',
  'هي',
  'الحرب',
  'السلام',
  'أذربيجان',
  'أرمينيا',
  'كاراباخ',
  'قره',
  'باغ',
  'باكو',
  'يريفان',
  'الرئيس',
  'الحكومة',
  'وزير',
  'الخارجية',
  'الجيش',
  'القوات',
  'اتفاق',
  'وقف',
  'إطلاق',
  'النار',
  'روسيا',
  'تركيا',
  'إيران',
  'مدينة',
  'منطقة',
  'اللاجئين',
  'الأمم',
  'المتحدة',
  'ال',
  'و',
  'ب',
  // English words, including the e5 prefixes.
  'query',
  'passage',
  'the',
  'of',
  'and',
  'to',
  'in',
  'is',
  'that',
  'for',
  'on',
  'with',
  'as',
  'by',
  'at',
  'from',
  'news',
  'war',
  'peace',
  'president',
  'government',
  'army',
  'ceasefire',
  'agreement',
  'armenia',
  'azerbaijan',
  'karabakh',
  'baku',
  'yerevan',
  'russia',
  'turkey',
  'iran',
];
const SUFFIXES = ['ة', 'ات', 'ون', 'ين', 'ها', 'هم', 'ية', 'ing', 'ed', 's'];

function range(first: number, last: number): string {
  let text = '';
  for (let code = first; code <= last; code++) text += String.fromCodePoint(code);
  return text;
}

/** The form BertNormalizer gives a word (lowercase, accents stripped): hamza seats become bare letters. */
function normalizeLikeBert(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');
}

/** Token → id, in a fixed order so the file is byte-identical on every run. */
export function buildVocab(): Map<string, number> {
  const vocab = new Map<string, number>();
  const add = (token: string) => {
    if (token !== '' && !vocab.has(token)) vocab.set(token, vocab.size);
  };
  SPECIAL_TOKENS.forEach(add);
  for (const char of [...ARABIC_LETTERS, ...LATIN]) {
    add(normalizeLikeBert(char));
    add('##' + normalizeLikeBert(char));
  }
  for (const char of PUNCTUATION) add(char);
  for (const word of WORDS) add(normalizeLikeBert(word));
  for (const suffix of SUFFIXES) add('##' + normalizeLikeBert(suffix));
  return vocab;
}

/** Letters as BertNormalizer leaves them (hamza seats folded), the alphabet of the sized vocab's pieces. */
const ARABIC_PIECE_LETTERS = 'ءابةتثجحخدذرزسشصضطظعغفقكلمنهوىي';
const LATIN_PIECE_LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A vocab of exactly `size` tokens for a model of real size: the small vocab, then every two- and
 * three-letter Arabic and Latin piece (word-initial and `##` continuation), so words split into
 * pieces of about the length a real multilingual vocab gives, then `[unused N]` fillers (as in
 * BERT's vocab) up to `size`, so the embedding table has the real model's rows.
 */
export function buildSizedVocab(size: number): Map<string, number> {
  const vocab = buildVocab();
  const add = (token: string) => {
    if (vocab.size < size && !vocab.has(token)) vocab.set(token, vocab.size);
  };
  for (const letters of [ARABIC_PIECE_LETTERS, LATIN_PIECE_LETTERS]) {
    for (const a of letters)
      for (const b of letters) {
        add(a + b);
        add('##' + a + b);
        for (const c of letters) {
          add(a + b + c);
          add('##' + a + b + c);
        }
      }
  }
  for (let n = 0; vocab.size < size; n++) add(`[unused${n}]`);
  return vocab;
}

function idOf(vocab: Map<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`Token ${token} is missing from the test vocab.`);
  return id;
}

/** tokenizer.json: BERT normalizer and pre-tokenizer, WordPiece model, [CLS] … [SEP] template. */
export function buildTokenizerJson(vocab: Map<string, number>): object {
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(vocab, content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(vocab, token)], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

/** tokenizer_config.json: what transformers.js reads for class, casing and maximum length. */
export function buildTokenizerConfig(maxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: null,
    tokenize_chinese_chars: true,
    model_max_length: maxLength,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
}
