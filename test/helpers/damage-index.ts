import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Edits one JSON file of an index folder in place. The size the manifest records for it is kept true,
 * so that what fails is the check of the edited field, not the size check.
 */
export function editIndexFile(dir: string, file: string, edit: (json: any) => void): void {
  const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  edit(json);
  const text = JSON.stringify(json);
  writeFileSync(path.join(dir, file), text);
  if (file === 'manifest.json') return;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.checksums[file].bytes = Buffer.byteLength(text);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/**
 * The damage of issue 9 (`"text": null` in passages.json reloaded fine and broke every /ask), in
 * today's layout, where passages.json holds the articles: a null file name.
 */
export const nullArticleFile = (dir: string) => editIndexFile(dir, 'passages.json', (json) => (json.articles[3].file = null));

export const nullFileMessage = (dir: string) =>
  `The index in ${dir} is damaged (passages.json: articles[3].file must be a string): rebuild it with \`npm run index\`.`;
