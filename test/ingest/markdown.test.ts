import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitArticles } from '../../src/ingest/articles.ts';
import { classifyLine } from '../../src/ingest/lines.ts';
import { markdownToText } from '../../src/ingest/markdown.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { BULLET } from '../../src/ingest/rules.ts';
import { tempDir } from '../helpers/seed-index.ts';
import { seedFiles, seedText } from '../helpers/seeds.ts';

/** Every ASCII punctuation mark backslash-escaped, so the seed's own text is never read as Markdown syntax. */
const escape = (text: string) => text.replace(/[!-/:-@[-`{-~]/g, '\\$&');

/**
 * A Markdown copy of a seed, as a site exporting Markdown writes it: the title as "# ", headings
 * above paragraphs as "## ", labels in bold ("**المصدر:** الجزيرة"), list items as "- ", and the
 * first words of each paragraph as a link.
 */
function toMarkdown(file: string): string {
  const text = seedText(file);
  const [main] = splitArticles(file, text);
  const headings = new Set(splitArticles(file, text).flatMap((a) => a.paragraphs.flatMap((p) => p.heading ?? [])));
  return text
    .split('\n')
    .map((line) => {
      const kind = classifyLine(line)?.kind;
      const trimmed = line.trim();
      if (trimmed === main!.title) return `# ${escape(trimmed)}`;
      if (headings.has(trimmed)) return `## ${escape(trimmed)}`;
      if (kind === 'source' || kind === 'published') {
        const [label, ...rest] = trimmed.split(':');
        return rest.length > 0 ? `**${escape(label!)}:** ${escape(rest.join(':').trim())}` : escape(trimmed);
      }
      if (kind === 'bullet') return `- ${escape(trimmed.replace(BULLET, ''))}`;
      if (kind === 'body') {
        const [first, second, ...rest] = trimmed.split(' ');
        return `[${escape(`${first} ${second}`)}](https://example.com/a?b=1) ${escape(rest.join(' '))}`;
      }
      return escape(trimmed);
    })
    .join('\n\n'); // every line its own block, as in the .txt
}

describe('markdownToText', () => {
  it('keeps the text of headings, emphasis and links, and drops images and HTML', () => {
    expect(markdownToText('# عنوان *الخبر*\n\n**المصدر:** الجزيرة\n\nنص [بيان رسمي](https://x.org/a "t") ![صورة](a.png) <b>!</b>')).toBe(
      'عنوان الخبر\nالمصدر: الجزيرة\nنص بيان رسمي  !',
    );
  });

  it('keeps line breaks, marks list items as bullets and reads quotes and tables', () => {
    expect(markdownToText('سطر أول\nسطر ثان\n\n- [خبر](u)\n- خبر آخر\n\n> اقتباس\n\n| أ | ب |\n| - | - |\n| 1 | 2 |')).toBe(
      'سطر أول\nسطر ثان\n• خبر\n• خبر آخر\nاقتباس\nأ ب\n1 2',
    );
  });

  it.each(seedFiles)('gives the Markdown copy of %s the articles and metadata of the .txt', (file) => {
    const markdown = toMarkdown(file);
    expect(markdown).toMatch(/^\*\*|^# |^## |\]\(https/m); // the copy really is Markdown
    expect(splitArticles(file, markdownToText(markdown))).toEqual(splitArticles(file, seedText(file)));
  });

  it('is applied to .md seeds when they are read', async () => {
    const dir = tempDir('kb-md-');
    writeFileSync(path.join(dir, 'a.md'), toMarkdown('000_f128db0503374b86.txt'));
    const [read] = (await readSeedFiles(dir)).files;
    const [article] = splitArticles('a.md', read!.text);
    expect(article).toMatchObject({ title: splitArticles('x', seedText('000_f128db0503374b86.txt'))[0]!.title, publisher: 'الجزيرة', published: '2023-09-23' });
    expect(read!.text).not.toMatch(/\*\*|^#|\]\(/m);
  });
});
