import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from '../paths.ts';

/**
 * Readings of an Arabic word by Hunspell's affix rules (Ayaspell, lexicons/hunspell-ar/, rebuilt by
 * scripts/derive-hunspell-ar.ts): every way of taking a known prefix and suffix off the word that
 * leaves a stem of the dictionary. Light10 strips a fixed list blindly; the dictionary check lets
 * clitic chains ("وبسكانها") and verb endings ("تأسست") come off only when a real word remains.
 * Affix flags are not checked: a stem that exists is evidence enough for retrieval.
 */
interface Rule {
  strip: string;
  add: string;
}

const DATA = path.join(projectRoot, 'lexicons/hunspell-ar');

/** Shortest stem kept: two-letter stems are mostly particles and would match everything. */
const MIN_STEM = 3;

let loaded: { stems: Set<string>; prefixes: Map<string, Rule[]>; suffixes: Map<string, Rule[]>; longest: number } | undefined;

function byAdded(rules: string[]): Map<string, Rule[]> {
  const map = new Map<string, Rule[]>();
  for (const rule of rules) {
    const [strip = '', add = ''] = rule.split('>');
    if (add === '' && strip !== '') continue; // restores a letter that was never written: guesses, not readings
    map.set(add, [...(map.get(add) ?? []), { strip, add }]);
  }
  return map;
}

function data() {
  if (!loaded) {
    const stems = new Set(gunzipSync(readFileSync(path.join(DATA, 'stems.txt.gz'))).toString('utf8').split('\n').filter(Boolean));
    const affixes = JSON.parse(readFileSync(path.join(DATA, 'affixes.json'), 'utf8')) as { prefixes: string[]; suffixes: string[] };
    const longest = Math.max(...[...affixes.prefixes, ...affixes.suffixes].map((r) => r.length));
    loaded = { stems, prefixes: byAdded(affixes.prefixes), suffixes: byAdded(affixes.suffixes), longest };
  }
  return loaded;
}

/**
 * The dictionary stem of a normalized Arabic word: the word itself when the dictionary lists it,
 * else the longest stem left by taking off one prefix and one suffix of the rules; null when none.
 * Only the least-stripped analysis is kept: shorter ones ("سكن" → "كن") are mostly accidents.
 */
export function affixReading(word: string): string | null {
  const { stems, prefixes, suffixes, longest } = data();
  if (stems.has(word)) return word;
  let best: string | null = null;
  for (let p = 0; p <= Math.min(longest, word.length); p++) {
    const prefixRules = prefixes.get(word.slice(0, p)) ?? (p === 0 ? [{ strip: '', add: '' }] : undefined);
    if (!prefixRules) continue;
    for (let s = 0; p + s <= word.length && s <= longest; s++) {
      const suffixRules = suffixes.get(s === 0 ? '' : word.slice(-s)) ?? (s === 0 ? [{ strip: '', add: '' }] : undefined);
      if (!suffixRules) continue;
      const middle = word.slice(p, word.length - s);
      for (const pr of prefixRules)
        for (const sr of suffixRules) {
          const stem = pr.strip + middle + sr.strip;
          if (stem.length >= MIN_STEM && stem.length > (best?.length ?? 0) && stems.has(stem)) best = stem;
        }
    }
  }
  return best;
}
