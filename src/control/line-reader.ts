/**
 * Splits a byte stream into lines with a length limit: a line longer than the limit is reported
 * once (as soon as it passes the limit) and the rest of it is skipped, so memory stays bounded.
 */

export type LineItem = { readonly line: string } | { readonly tooLong: number };

export interface LineReader {
  push(chunk: Buffer): void;
}

/** Lines are passed without their '\n' (and without a trailing '\r'), decoded as UTF-8. */
export function createLineReader(maxBytes: number, onItem: (item: LineItem) => void): LineReader {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;

  function keep(piece: Buffer): void {
    if (skipping) return;
    if (size + piece.length > maxBytes) {
      onItem({ tooLong: size + piece.length });
      skipping = true;
      parts = [];
      size = 0;
      return;
    }
    if (piece.length > 0) parts.push(piece);
    size += piece.length;
  }

  function endLine(): void {
    if (!skipping) {
      const text = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');
      onItem({ line: text.endsWith('\r') ? text.slice(0, -1) : text });
    }
    parts = [];
    size = 0;
    skipping = false;
  }

  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        keep(chunk.subarray(start, nl < 0 ? chunk.length : nl));
        if (nl < 0) return;
        endLine();
        start = nl + 1;
      }
    },
  };
}
