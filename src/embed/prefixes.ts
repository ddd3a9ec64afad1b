import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The text put before queries and before passages. Models trained with prefixes (e5: "query: ",
 * "passage: ") lose much of their quality without them, and others are hurt by them, so the choice
 * is made from the model's own files and recorded in the index with the reason (`rule`).
 */
export interface Prefixes {
  query: string;
  passage: string;
  /** What decided it, e.g. `EMBEDDING_PREFIXES=e5` or `config.json _name_or_path "intfloat/multilingual-e5-small"`. */
  rule: string;
}

/** EMBEDDING_PREFIXES: `auto` decides from the model; `e5` and `none` override it. */
export type PrefixSetting = 'auto' | 'e5' | 'none';

const E5 = { query: 'query: ', passage: 'passage: ' };
const NONE = { query: '', passage: '' };

/** "e5" as a word of a model name: `intfloat/multilingual-e5-small`, `e5-base-v2`, not `xe5` or `e50`. */
const E5_NAME = /(^|[^a-z0-9])e5([^a-z0-9]|$)/i;

/** Reads a file of the model folder; a missing or unreadable file is simply no evidence. */
function readModelFile(folder: string, file: string): string | null {
  try {
    return readFileSync(path.join(folder, file), 'utf8');
  } catch {
    return null;
  }
}

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** sentence-transformers' `prompts` (query and passage, or document); an empty object says nothing. */
function sentenceTransformersPrompts(folder: string): Prefixes | null {
  const prompts = parseJson(readModelFile(folder, 'config_sentence_transformers.json'))?.['prompts'] as Record<string, unknown> | undefined;
  const query = prompts?.['query'];
  const passage = prompts?.['passage'] ?? prompts?.['document'] ?? '';
  if (typeof query !== 'string' || typeof passage !== 'string') return null;
  return { query, passage, rule: 'config_sentence_transformers.json prompts' };
}

/** The `base_model:` lines of a model card's front matter (a string or a YAML list). */
function baseModels(readme: string | null): string[] {
  const frontMatter = readme?.match(/^---\r?\n([\s\S]*?)\r?\n---/)?.[1] ?? '';
  const names: string[] = [];
  let inList = false;
  for (const line of frontMatter.split(/\r?\n/)) {
    const key = line.match(/^base_model:\s*(.*)$/);
    if (key) {
      inList = key[1]!.trim() === '';
      if (!inList) names.push(key[1]!.trim());
    } else if (inList && /^\s*-\s+/.test(line)) names.push(line.replace(/^\s*-\s+/, '').trim());
    else inList = false;
  }
  return names;
}

/**
 * The prefixes for `model` (hub id or folder path) whose files are in `folder`. In order:
 * 1. EMBEDDING_PREFIXES=e5 or none;
 * 2. `config_sentence_transformers.json` with `prompts.query` (and `passage` or `document`);
 * 3. e5 prefixes when the model's name says e5: EMBEDDING_MODEL's last part, `_name_or_path` in
 *    config.json (exports keep the original's name), or `base_model` in README.md's front matter;
 * 4. otherwise none.
 */
export function decidePrefixes(setting: PrefixSetting, model: string, folder: string): Prefixes {
  if (setting === 'e5') return { ...E5, rule: 'EMBEDDING_PREFIXES=e5' };
  if (setting === 'none') return { ...NONE, rule: 'EMBEDDING_PREFIXES=none' };
  const declared = sentenceTransformersPrompts(folder);
  if (declared) return declared;
  const nameOrPath = parseJson(readModelFile(folder, 'config.json'))?.['_name_or_path'];
  const names: [string, string][] = [
    // The last part of a hub id or folder path: the folders above it name other things.
    ['EMBEDDING_MODEL', path.basename(model)],
    ['config.json _name_or_path', typeof nameOrPath === 'string' ? nameOrPath : ''],
    ...baseModels(readModelFile(folder, 'README.md')).map((name): [string, string] => ['README.md base_model', name]),
  ];
  const e5 = names.find(([, name]) => E5_NAME.test(name));
  if (e5) return { ...E5, rule: `${e5[0]} "${e5[1]}" is an e5 model` };
  return { ...NONE, rule: 'no prompts in the model files and not an e5 model' };
}
