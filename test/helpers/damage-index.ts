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
  manifest.checksums[file.replace('.json', '')].bytes = Buffer.byteLength(text);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/** The damage of issue 9: `"text": null` in passages.json, which reloaded fine and broke every /ask. */
export const nullPassageText = (dir: string) => editIndexFile(dir, 'passages.json', (json) => (json.passages[3].text = null));

export const nullTextMessage = (dir: string) =>
  `The index in ${dir} is damaged (passages.json: passages[3].text must be a string): rebuild it with \`npm run index\`.`;
