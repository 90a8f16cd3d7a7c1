/**
 * A one-line progress bar on a terminal (stderr) for large inputs; a no-op elsewhere.
 */

export interface Progress {
  update(bytes: number): void;
  done(): void;
}

export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;
const WIDTH = 30;
const EVERY_MS = 100;

const NO_PROGRESS: Progress = { update: () => {}, done: () => {} };
const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);

/** A bar when `stream` is a TTY and the input is large enough to wait for. */
export function createProgress(totalBytes: number, stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY || totalBytes < PROGRESS_MIN_BYTES) return NO_PROGRESS;
  let last = 0;
  let shown = false;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      shown = true;
      const ratio = Math.min(1, bytes / totalBytes);
      const filled = Math.round(ratio * WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${mb(bytes)} of ${mb(totalBytes)} MiB`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
