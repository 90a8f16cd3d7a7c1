/**
 * A bounded first-in first-out queue of background jobs, run one at a time. Notification actions
 * (mail, webhook) put their sends here so a ban never waits for the network; when the queue is
 * full new jobs are refused (the caller logs the drop) instead of growing without limit.
 */

export type Job = () => Promise<void>;

export interface WorkQueue {
  /** Queue a job; false when the queue is full and the job was dropped. */
  push(job: Job): boolean;
  /** Jobs waiting or running. */
  size(): number;
  /** Resolves when nothing is waiting or running, or false after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<boolean>;
}

export function createWorkQueue(limit: number, onError: (err: unknown) => void): WorkQueue {
  const waiting: Job[] = [];
  let running = false; // a drain is scheduled or under way
  let busy = 0; // 1 while a job executes
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    const list = waiters;
    waiters = [];
    for (const wake of list) wake();
  };

  const drain = async (): Promise<void> => {
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift()) {
      busy = 1;
      try {
        await job();
      } catch (err) {
        onError(err);
      }
      busy = 0;
    }
    running = false;
    settle();
  };

  return {
    push(job) {
      if (waiting.length + busy >= limit) return false;
      waiting.push(job);
      if (!running) {
        running = true;
        setImmediate(() => void drain()); // the caller (a ban) returns before any job starts
      }
      return true;
    },
    size: () => waiting.length + busy,
    idle(timeoutMs) {
      if (!running && waiting.length === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const wake = (): void => {
          if (timer !== undefined) clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
        if (timeoutMs !== undefined) {
          timer = setTimeout(() => {
            waiters = waiters.filter((w) => w !== wake);
            resolve(false);
          }, timeoutMs);
          timer.unref();
        }
      });
    },
  };
}
