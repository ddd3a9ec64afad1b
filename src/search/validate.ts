import type { z } from 'zod';
import { UserError } from '../errors.ts';

/** How a zod type is named to someone reading an error about a damaged file. */
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  tuple: 'a list',
  null: 'null',
};

/** `passages[3].text`: the path of a value in a JSON file, as a JavaScript reader would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${i === 0 ? '' : '.'}${String(key)}` : `[${JSON.stringify(String(key))}]`,
    )
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One zod issue as a sentence naming the field: "passages[3].text must be a string". */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = issue.path.length > 0 ? formatPath(issue.path) : 'the whole file';
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined && issue.path.length > 0
        ? `${where} is missing`
        : `${where} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return `${where} must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${where} must be at most ${String(issue.maximum)}`;
    default:
      return `${where} ${issue.message}`;
  }
}

/** The error for an index folder that cannot be used as it is; the fix is always a rebuild. */
export function corruptIndex(dir: string, detail: string): UserError {
  return new UserError(`The index in ${dir} is damaged (${detail}): rebuild it with \`npm run index\`.`, 'corrupt-index');
}

/**
 * Checks a value read from one file of an index against its schema; a mismatch is reported as that
 * file being damaged, naming the first bad field: "passages.json: passages[3].text must be a string".
 */
export function parseIndexFile<S extends z.ZodType>(dir: string, file: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  // The schemas transform nothing, so the value read is returned as it is: zod's copy of a record keyed
  // by text from the corpus would be a plain object, where a key such as "__proto__" is not inert.
  if (result.success) return value as z.output<S>;
  throw corruptIndex(dir, `${file}: ${describeIssue(result.error.issues[0]!, value)}`);
}

/**
 * parseIndexFile for the entries of a long list or record of one file (`at`: where they sit in it),
 * checked a slice at a time with `pause` awaited in between, so that loading a large index never
 * holds the bot's event loop for long.
 */
export async function parseEntries(
  dir: string,
  file: string,
  input: unknown,
  at: PropertyKey[],
  entries: Iterable<[PropertyKey, unknown]>,
  schema: z.ZodType,
  pause: () => Promise<void> | void,
): Promise<void> {
  for (const [key, value] of entries) {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw corruptIndex(dir, `${file}: ${describeIssue({ ...issue, path: [...at, key, ...issue.path] }, input)}`);
    }
    await pause();
  }
}

/** A file of the index that does not hold what it should; readIndex reports it as the index being damaged. */
export class DamagedFile extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} ${detail}`);
    this.name = 'DamagedFile';
  }
}
