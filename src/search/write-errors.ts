import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { WriteCheckError } from './store.ts';

/** The index folder a build writes, and about how many bytes it needs (updated as the build learns more). */
export interface DiskTarget {
  outDir: string;
  neededBytes: number;
}

/**
 * Runs a step that writes beside or into the index folder, and turns the failures a user can fix into
 * messages that say so: a full disk (with the space the build needs), a folder it may not write, and a
 * written file that does not read back (on a full disk hnswlib writes a truncated file without an error).
 */
export async function onDisk<T>(disk: DiskTarget, step: () => Promise<T>): Promise<T> {
  const { outDir } = disk;
  const parent = path.dirname(outDir);
  const diskFull = () =>
    new UserError(
      `The disk holding ${parent} is full: the build needs about ${Math.max(1, Math.ceil(disk.neededBytes / 1e6))} MB free there ` +
        '(it writes the new index beside the old one before replacing it); the previous index is kept. Free some space and run `npm run index` again.',
      'disk-full',
    );
  try {
    return await step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFull();
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      const at = (error as NodeJS.ErrnoException).path;
      const folder = at !== undefined && (at === outDir || at.startsWith(outDir + path.sep)) ? outDir : parent;
      throw new UserError(
        `Cannot write to ${folder}${code === 'EROFS' ? ' (a read-only file system)' : ''}: the build writes the new index into a temporary folder ` +
          `beside ${outDir} and then swaps the two by renaming, so it needs write access to ${parent}${existsSync(outDir) ? ` and to ${outDir}` : ''}. ` +
          'Give this user write access there, or pass --out a folder it can write to.',
        'no-write-access',
      );
    }
    if (error instanceof WriteCheckError) {
      if (await lacksSpace(parent, disk.neededBytes)) throw diskFull();
      throw new UserError(
        `The new index did not read back as it was written (${error.message}), so the previous index is kept: check the disk holding ${parent} and run \`npm run index\` again.`,
        'write-check',
      );
    }
    throw error;
  }
}

async function lacksSpace(folder: string, neededBytes: number): Promise<boolean> {
  try {
    const fs = await statfs(folder);
    return fs.bavail * fs.bsize < neededBytes;
  } catch {
    return false;
  }
}
