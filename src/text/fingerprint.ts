import { createHash } from 'node:crypto';
import type { StemmerName } from './stem.ts';
import { createTermProcessor, STOPWORDS, tokenize, type TermProcessor } from './tokens.ts';

/**
 * A probe that exercises every step of the text pipeline: hamza seats, taa marbuta, alef maqsura,
 * Persian letters, diacritics, tatweel, invisible marks, Eastern and Persian digits, number words,
 * the conjunction "و", the article, clitics, stopwords and Latin words.
 */
const PROBE = [
  'وقالت وزارة الدفاع الروسية -في بيان- إن الانفصاليين سلموا ٦ وحدات من المركبات المدرعة، وصواريخ مضادة للدروع.',
  'أعلنت أذربيجان إعادة السيطرة على المحافظات السبع وثلاثة أقاليم في إقليم ناغورنو كاراباخ (قره باغ) عام ۲۰۲۳.',
  'الأمين العامّ للأمم المتحدة يدعو إلى وقف إطلاق النار فوراً؛ مستشفى، مبنى، ی ک، الـــقوات، ال\u200Cرئيس.',
  'وضعتها ووضعت الحرب أوزارها بعد مئة يوم؛ هل كانت الاتفاقية موقّعة؟ ماذا قال الرئيس علييف لوكالة فرانس برس؟',
  'The Armenian separatists handed over armoured vehicles, Azerbaijan said on Wednesday; 100,000 people left.',
].join('\n');

export interface TextPipeline {
  stemmer: StemmerName;
  tokenize: (text: string) => string[];
  stopwords: ReadonlySet<string>;
  processTerm: TermProcessor;
}

/**
 * A short hash of what the text pipeline does, derived from its behaviour rather than a version
 * constant: the stemmer's name, the stopword list and the terms it makes of a fixed probe text. Any
 * change to normalization, tokenizing, stopwords, number words or stemming changes it, so an index
 * built by an older pipeline is never mixed with this one (vectors are not reused, loading says rebuild).
 */
export function pipelineFingerprint(pipeline: TextPipeline): string {
  const words = pipeline.tokenize(PROBE);
  const description = {
    stemmer: pipeline.stemmer,
    stopwords: [...pipeline.stopwords].sort(),
    words,
    terms: words.map((word) => pipeline.processTerm(word)),
  };
  return createHash('sha256').update(JSON.stringify(description)).digest('hex').slice(0, 16);
}

const cache = new Map<StemmerName, string>();

/** The fingerprint of this program's text pipeline with the given stemmer. */
export function textFingerprint(stemmer: StemmerName): string {
  let fingerprint = cache.get(stemmer);
  if (fingerprint === undefined) {
    fingerprint = pipelineFingerprint({ stemmer, tokenize, stopwords: STOPWORDS, processTerm: createTermProcessor(stemmer) });
    cache.set(stemmer, fingerprint);
  }
  return fingerprint;
}
