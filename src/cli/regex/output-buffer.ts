/**
 * Collects `--json` text as UTF-8 bytes. Appending per-line strings to one big string builds a deep
 * rope that is slow to collect; writing each line into a byte buffer at once is several times faster.
 */

const PART_BYTES = 1024 * 1024;

export class OutputBuffer {
  #parts: Buffer[] = [];
  #buf: Buffer = Buffer.allocUnsafeSlow(PART_BYTES);
  #pos = 0;

  get isEmpty(): boolean {
    return this.#pos === 0 && this.#parts.length === 0;
  }

  write(text: string): void {
    if (this.#pos + text.length * 3 > this.#buf.length) this.#nextPart(text.length * 3);
    this.#pos += this.#buf.write(text, this.#pos);
  }

  /** Everything written since the last call. */
  take(): Buffer {
    const all = Buffer.concat([...this.#parts, this.#buf.subarray(0, this.#pos)]);
    this.#parts = [];
    this.#pos = 0;
    return all;
  }

  #nextPart(need: number): void {
    if (this.#pos > 0) this.#parts.push(Buffer.from(this.#buf.subarray(0, this.#pos)));
    if (need > this.#buf.length) this.#buf = Buffer.allocUnsafeSlow(need);
    this.#pos = 0;
  }
}
