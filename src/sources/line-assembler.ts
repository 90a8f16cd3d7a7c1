/**
 * Cuts the bytes of a file into complete lines. A partial last line is held until its '\n' comes.
 * A line longer than `maxLineBytes` is cut: its first `maxLineBytes` bytes are handed out once the
 * '\n' arrives and the rest is dropped (handing out pieces would let a long line forge new lines).
 */
import type { LineDecoder } from './line-decoder.js';

export const MAX_LINE_BYTES = 1024 * 1024;

export class LineAssembler {
  /** File offset just after the last complete line handed out. */
  end: number;
  /** File offset of the next byte to push. */
  next: number;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Drop bytes up to the first '\n' (reading started in the middle of a line). */
  private skipping: boolean;

  constructor(
    private readonly decode: LineDecoder,
    offset: number,
    startsMidLine: boolean,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.end = offset;
    this.next = offset;
    this.skipping = startsMidLine;
  }

  /** Bytes read at `this.next`; returns the lines they complete. The chunk may be reused afterwards. */
  push(chunk: Buffer): string[] {
    const base = this.next;
    const lines: string[] = [];
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) {
        this.hold(chunk, from, chunk.length);
        break;
      }
      if (this.skipping) this.skipping = false;
      else lines.push(this.decode(this.finish(chunk, from, nl)));
      this.held = [];
      this.heldBytes = 0;
      from = nl + 1;
      this.end = base + from;
    }
    this.next = base + chunk.length;
    return lines;
  }

  /** Forget everything and start again at `offset` (after a truncation). */
  reset(offset: number, startsMidLine: boolean): void {
    this.held = [];
    this.heldBytes = 0;
    this.end = offset;
    this.next = offset;
    this.skipping = startsMidLine;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.skipping) return;
    const take = Math.min(end - start, this.maxLineBytes - this.heldBytes);
    if (take <= 0) return;
    this.held.push(Buffer.from(chunk.subarray(start, start + take)));
    this.heldBytes += take;
  }

  private finish(chunk: Buffer, start: number, nl: number): Buffer {
    const cut = this.heldBytes + (nl - start) > this.maxLineBytes;
    const take = Math.min(nl - start, this.maxLineBytes - this.heldBytes);
    const tail = chunk.subarray(start, start + Math.max(0, take));
    const line = this.heldBytes === 0 ? tail : Buffer.concat([...this.held, tail]);
    return !cut && line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
  }
}
