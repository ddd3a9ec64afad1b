/**
 * Waits for every task in `tasks` (a live set: tasks remove themselves when done, and ones added
 * meanwhile are waited for too), but no longer than `ms`. Returns how many were still running.
 */
export async function settleWithin(tasks: ReadonlySet<Promise<unknown>>, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    while (tasks.size > 0) {
      if ((await Promise.race([Promise.allSettled([...tasks]), late])) === 'late') break;
    }
  } finally {
    clearTimeout(timer);
  }
  return tasks.size;
}
