/**
 * Rebuilds lexicons/hunspell-ar/ from Debian's `hunspell-ar` (Ayaspell; GPL 2+ / LGPL 2.1 / MPL 1.1):
 * the dictionary's stems and its affix strings, normalized for matching. Users never need this: the
 * derived files are in the repository. Run: apt-get install hunspell-ar && npx tsx scripts/derive-hunspell-ar.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { normalizeForMatch } from '../src/text/normalize.ts';

const [aff = '/usr/share/hunspell/ar.aff', dic = '/usr/share/hunspell/ar.dic'] = process.argv.slice(2);
const out = new URL('../lexicons/hunspell-ar/', import.meta.url);

const stems = new Set<string>();
for (const line of readFileSync(dic, 'utf8').split('\n').slice(1)) {
  const word = normalizeForMatch(line.split(/[/\t ]/)[0] ?? '');
  if (/^[\u0621-\u064A]{2,}$/.test(word)) stems.add(word); // skips the section banners of the file
}

const prefixes = new Set<string>();
const suffixes = new Set<string>();
for (const line of readFileSync(aff, 'utf8').split('\n')) {
  const [kind, , strip, add] = line.trim().split(/\s+/);
  if ((kind !== 'PFX' && kind !== 'SFX') || add === undefined || strip === undefined || /^[YN\d]/.test(strip) && strip !== '0') continue;
  const rule = `${strip === '0' ? '' : normalizeForMatch(strip)}>${add === '0' ? '' : normalizeForMatch(add.split('/')[0]!)}`;
  (kind === 'PFX' ? prefixes : suffixes).add(rule);
}

writeFileSync(new URL('stems.txt.gz', out), gzipSync(Buffer.from([...stems].sort().join('\n') + '\n'), { level: 9 }));
writeFileSync(new URL('affixes.json', out), JSON.stringify({ prefixes: [...prefixes].sort(), suffixes: [...suffixes].sort() }, null, 0) + '\n');
console.log(`${stems.size} stems, ${prefixes.size} prefix and ${suffixes.size} suffix rules written to ${out.pathname}`);
