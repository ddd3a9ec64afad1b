/** Why a question was not searched: the bot is busy, or shutting down. Its message is for the user. */
export class QueueRefusal extends Error {
  constructor(
    message: string,
    readonly outcome: 'busy' | 'refused',
  ) {
    super(message);
  }
}

export const BUSY_MESSAGE = 'I am busy answering many questions right now; please try again in a few seconds.';

interface Waiter {
  start: () => void;
  refuse: (refusal: QueueRefusal) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs searches at most `concurrency` at a time, in arrival order. A search that cannot start within
 * `maxWaitMs`, or that finds `maxWaiting` others already waiting, is refused with BUSY_MESSAGE.
 * Every search starts from a fresh turn of the event loop (setImmediate), so the interactions that
 * arrived meanwhile are acknowledged first: acknowledgement never queues behind searches.
 */
export class SearchQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private closed: QueueRefusal | null = null;

  constructor(private readonly options: { concurrency: number; maxWaiting: number; maxWaitMs: number }) {}

  /** True when a new question would be refused at once; callers check it before deferring. */
  get full(): boolean {
    return this.closed !== null || this.waiting.length >= this.options.maxWaiting;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.slot();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Refuses every waiting question and all later ones with `message` (end of shutdown); running ones finish. */
  close(message: string): void {
    this.closed = new QueueRefusal(message, 'refused');
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.refuse(this.closed);
    }
  }

  private slot(): Promise<void> {
    if (this.closed) return Promise.reject(this.closed);
    if (this.running < this.options.concurrency && this.waiting.length === 0) {
      this.running += 1;
      return new Promise((resolve) => setImmediate(resolve));
    }
    if (this.full) return Promise.reject(new QueueRefusal(BUSY_MESSAGE, 'busy'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        refuse: reject,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new QueueRefusal(BUSY_MESSAGE, 'busy'));
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.running -= 1;
    const next = this.waiting.shift();
    if (!next) return;
    clearTimeout(next.timer);
    this.running += 1;
    setImmediate(next.start);
  }
}
