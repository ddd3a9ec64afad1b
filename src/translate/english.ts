import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eng } from 'stopword';
import { projectRoot } from '../paths.ts';
import { matchName } from './transliterate.ts';

/**
 * English questions without the model: each English word or phrase becomes the Arabic words the
 * articles use for it. Order matters (measured in issue 12): the reviewed phrase table
 * (lexicons/translate/phrases.tsv) first, then the FreeDict dictionary (lexicons/freedict/, GPL), keeping
 * only senses the index contains, then names spelled the way the corpus spells them. Names first
 * would turn "Senate" into السنوات.
 */
export interface UnderstoodTerm {
  english: string;
  arabic: string[];
  /** 'none': a content word with no Arabic in the index; it still counts against the answer's coverage. */
  how: 'phrase' | 'dictionary' | 'name' | 'none';
}

/** What the translator needs to know about an index. */
export interface IndexVocabulary {
  /** True when every content word of an Arabic phrase occurs in the index. */
  contains(arabic: string): boolean;
  /** Normalized words of the passages and their counts (computed on first use). */
  words(): ReadonlyMap<string, number>;
}

const DATA = path.join(projectRoot, 'lexicons');
const LONGEST_PHRASE = 4;
/** Senses kept per English word: more only dilutes the query with rarer synonyms. */
const MAX_SENSES = 3;
const STOP = new Set([...eng, 'what', 'who', 'whom', 'whose', 'which', 'why', 'how', 'when', 'where', 'did', 'does', 'do', 'many', 'much', 'say', 'said', 'says', "it's"]);

let tables: { phrases: Lexicon; dictionary: Lexicon } | undefined;

/**
 * A word list (english<TAB>arabic|arabic…, `#` comments) kept as its text and its lines' offsets
 * sorted by headword, searched by bisection, with senses split on lookup: the FreeDict list's 88,000
 * entries took 28 MB of heap as a Map of arrays, and a question looks up a few dozen words.
 */
export class Lexicon {
  private readonly starts: Int32Array;

  constructor(private readonly text: string) {
    const lines: { head: string; start: number }[] = [];
    for (let start = 0; start < text.length; start = this.endOf(start) + 1) {
      const tab = text.indexOf('\t', start);
      if (text[start] !== '#' && tab >= 0 && tab < this.endOf(start)) lines.push({ head: text.slice(start, tab).trim(), start });
    }
    // The sort is stable, so of two lines with one headword the later is kept, as a Map's set did.
    lines.sort((a, b) => (a.head < b.head ? -1 : a.head > b.head ? 1 : 0));
    this.starts = Int32Array.from(lines.filter((line, i) => lines[i + 1]?.head !== line.head), (line) => line.start);
  }

  has(english: string): boolean {
    return this.find(english) >= 0;
  }

  /** The Arabic senses of an English headword, in the list's order. */
  get(english: string): string[] | undefined {
    const i = this.find(english);
    if (i < 0) return undefined;
    const start = this.starts[i]!;
    const [, arabic] = this.text.slice(start, this.endOf(start)).split('\t') as [string, string];
    return arabic.split('|').map((s) => s.trim()).filter(Boolean);
  }

  private endOf(start: number): number {
    const end = this.text.indexOf('\n', start);
    return end < 0 ? this.text.length : end;
  }

  private headAt(i: number): string {
    const start = this.starts[i]!;
    return this.text.slice(start, this.text.indexOf('\t', start)).trim();
  }

  private find(english: string): number {
    let [low, high] = [0, this.starts.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const head = this.headAt(middle);
      if (head === english) return middle;
      if (head < english) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}

function load() {
  tables ??= {
    phrases: new Lexicon(readFileSync(path.join(DATA, 'translate/phrases.tsv'), 'utf8')),
    dictionary: new Lexicon(gunzipSync(readFileSync(path.join(DATA, 'freedict/en-ar.tsv.gz'))).toString('utf8')),
  };
  return tables;
}

/** A question is English when it has Latin letters and more of them than Arabic ones. */
export function isEnglish(question: string): boolean {
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0;
  const arabic = question.match(/[\u0600-\u06FF]/g)?.length ?? 0;
  return latin > 0 && latin > arabic;
}

/** Plural, past and possessive forms back to headwords the dictionary may list. */
function lemmas(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), word.slice(0, -3) + 'e');
  return forms;
}

/** Translates an English question into the Arabic terms to search; words it cannot place are left out. */
export function understandEnglish(question: string, vocabulary: IndexVocabulary): UnderstoodTerm[] {
  const { phrases, dictionary } = load();
  const original = question.replace(/'s\b/g, '').match(/[A-Za-z][A-Za-z-]*/g) ?? [];
  const words = original.map((w) => w.toLowerCase());
  const present = (senses: string[] | undefined) => (senses ?? []).filter((s) => vocabulary.contains(s)).slice(0, MAX_SENSES);
  const understood: UnderstoodTerm[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(LONGEST_PHRASE, words.length - i); n >= 1 && matched === 0; n--) {
      const english = words.slice(i, i + n).join(' ');
      const asWritten = original.slice(i, i + n).join(' ');
      if (n === 1 && STOP.has(english)) break;
      for (const [table, how] of [[phrases, 'phrase'], [dictionary, 'dictionary']] as const) {
        const forms = n === 1 ? lemmas(english) : [english];
        const arabic = [...new Set(forms.flatMap((f) => present(table.get(f))))].slice(0, MAX_SENSES);
        if (arabic.length > 0) {
          understood.push({ english: asWritten, arabic, how });
          matched = n;
          break;
        }
      }
    }
    if (matched === 0) {
      const word = words[i]!;
      // A capitalized word inside the question is a name even when the dictionary knows the word.
      const known = lemmas(word).some((f) => dictionary.has(f) || phrases.has(f));
      const capitalized = i > 0 && /^[A-Z]/.test(original[i]!);
      const name = STOP.has(word) || (known && !capitalized) ? null : matchName(word, vocabulary.words());
      if (name) understood.push({ english: original[i]!, arabic: [name], how: 'name' });
      else if (!STOP.has(word)) understood.push({ english: original[i]!, arabic: [], how: 'none' });
      matched = 1;
    }
    i += matched;
  }
  return understood;
}
