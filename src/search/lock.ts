import { open, readFile, rename, unlink } from 'node:fs/promises';
import { UserError } from '../errors.ts';

/** Whether a process with this pid is running (EPERM: it runs, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerOf(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface Lock {
  release(): Promise<void>;
}

/**
 * Takes the lock file `file` for this process: created exclusively, it holds our pid. A lock whose
 * process is gone (a build that was killed) is taken over; one held by a running process, this one
 * included, is refused with `busy(pid)`. The takeover renames the stale lock aside first, so of two
 * builds taking over at once only one succeeds, and the other then finds a running owner.
 */
export async function acquireLock(file: string, busy: (pid: number) => string): Promise<Lock> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return { release: () => releaseLock(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = await ownerOf(file);
    // No pid yet: its writer is between creating and filling it, or died there; a moment tells which.
    if (owner === 0) owner = await new Promise((resolve) => setTimeout(resolve, 100)).then(() => ownerOf(file));
    if (owner === null) continue; // released in the meantime
    if (owner !== 0 && isRunning(owner)) throw new UserError(busy(owner), 'busy');
    const aside = `${file}.stale-${process.pid}`;
    try {
      await rename(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another build took it over first
      throw error;
    }
    const taken = await ownerOf(aside);
    // Between reading the stale pid and renaming, another build may have replaced it with its own live lock.
    if (taken !== owner && taken !== null && taken !== 0 && isRunning(taken)) {
      await rename(aside, file);
      throw new UserError(busy(taken), 'busy');
    }
    await unlink(aside).catch(() => {});
  }
  throw new UserError(busy(0), 'busy');
}

/** Removes the lock if it is still ours. */
async function releaseLock(file: string): Promise<void> {
  if ((await ownerOf(file)) === process.pid) await unlink(file).catch(() => {});
}
