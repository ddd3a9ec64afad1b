import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isUserError } from '../../src/errors.ts';
import { formatPath, parseIndexFile } from '../../src/search/validate.ts';

describe('formatPath', () => {
  it('writes a path as a JavaScript reader would', () => {
    expect(formatPath(['passages', 3, 'text'])).toBe('passages[3].text');
    expect(formatPath(['files', 'مقال 1.txt', 'sha256'])).toBe('files["مقال 1.txt"].sha256');
  });
});

describe('parseIndexFile', () => {
  const schema = z.object({ files: z.record(z.string(), z.object({ passages: z.number().int().nonnegative() })), skipped: z.array(z.string()) });
  const failure = (value: unknown) => {
    try {
      parseIndexFile('/idx', 'manifest.json', schema, value);
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      return (error as Error).message;
    }
    return null;
  };

  it('names the file and the first bad field, and says to rebuild', () => {
    expect(failure({ files: { 'a.txt': { passages: -1 } }, skipped: [] })).toBe(
      'The index in /idx is damaged (manifest.json: files["a.txt"].passages must be at least 0): rebuild it with `npm run index`.',
    );
    expect(failure({ files: { 'a.txt': { passages: 1.5 } }, skipped: [] })).toContain('files["a.txt"].passages must be a whole number');
    expect(failure({ files: {} })).toContain('(manifest.json: skipped is missing)');
    expect(failure([])).toContain('(manifest.json: the whole file must be an object)');
  });

  it('returns the value as read, own keys named like built-ins included', () => {
    const value = JSON.parse('{"files": {"__proto__": {"passages": 2}}, "skipped": []}');
    const parsed = parseIndexFile('/idx', 'manifest.json', schema, value);
    expect(parsed).toBe(value);
    expect(Object.hasOwn(parsed.files, '__proto__')).toBe(true);
  });
});
