/**
 * Rebuilds lexicons/freedict/en-ar.tsv.gz from Debian's FreeDict English→Arabic and Arabic→English
 * dictionaries (`dict-freedict-eng-ara`, `dict-freedict-ara-eng`; Arabeyes word lists, GPL 2+): one line
 * per lower-cased English headword, its Arabic senses separated by "|", both directions merged.
 * Users never need this: the derived file is in the repository. Run:
 *   apt-get install dict-freedict-eng-ara dict-freedict-ara-eng && npx tsx scripts/derive-freedict.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const DICTD = process.argv[2] ?? '/usr/share/dictd';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decode = (s: string) => [...s].reduce((n, c) => n * 64 + B64.indexOf(c), 0);

/** Entries of a dictd database: headword and its sense lines (pronunciation and numbering removed). */
function* entries(name: string): Generator<{ head: string; senses: string[] }> {
  const dict = gunzipSync(readFileSync(`${DICTD}/${name}.dict.dz`)); // dictzip is gzip-compatible
  for (const line of readFileSync(`${DICTD}/${name}.index`, 'utf8').split('\n')) {
    const [head, offset, length] = line.split('\t');
    if (!head || !offset || !length || head.startsWith('00database')) continue;
    const start = decode(offset);
    const [, ...body] = dict.subarray(start, start + decode(length)).toString('utf8').trim().split('\n');
    const senses = body.map((s) => s.replace(/^\s*\d+\.\s*/, '').trim()).filter((s) => s !== '' && s.length <= 60);
    yield { head, senses };
  }
}

// Diacritics are dropped: the articles rarely write them, and "السّفير"/"السفير" are one sense.
const clean = (s: string) => s.replace(/\s*\/[^/]*\/\s*$/, '').replace(/[\u064B-\u065F\u0670]/g, '').replace(/[()"]/g, '').replace(/\s+/g, ' ').trim();
const ARABIC = /[\u0621-\u064A]/;
const table = new Map<string, Set<string>>();
const add = (english: string, arabic: string) => {
  const key = english.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!/^[a-z][a-z' -]*$/.test(key) || !ARABIC.test(arabic) || /[|\t]/.test(arabic)) return;
  if (!table.has(key)) table.set(key, new Set());
  table.get(key)!.add(arabic);
};

for (const { head, senses } of entries('freedict-eng-ara')) for (const s of senses) for (const part of s.split(/[،,]/)) add(head, clean(part));
for (const { head, senses } of entries('freedict-ara-eng')) for (const s of senses) add(s, clean(head));

const lines = [...table].sort(([a], [b]) => (a < b ? -1 : 1)).map(([en, ar]) => `${en}\t${[...ar].join('|')}`);
writeFileSync(new URL('../lexicons/freedict/en-ar.tsv.gz', import.meta.url), gzipSync(Buffer.from(lines.join('\n') + '\n'), { level: 9 }));
console.log(`${lines.length} English headwords written to lexicons/freedict/en-ar.tsv.gz`);
