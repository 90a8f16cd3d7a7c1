/**
 * Splits a byte stream into lines without decoding it: `\n` ends a line, one trailing `\r` is
 * dropped, a partial last line is kept across chunks, and a final line without `\n` still counts.
 */

/** Receives each line as a byte range of `buf` (valid only during the call). */
export interface LineSink {
  line(buf: Buffer, start: number, end: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  /** Pieces of a line that started in an earlier chunk (copies: callers may reuse their chunk). */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes pushed so far that belong to complete lines (the resume point after a restart). */
  #consumed = 0;

  get consumedBytes(): number {
    return this.#consumed;
  }

  /** Feed the next chunk; calls sink.line for every line completed by it. */
  push(chunk: Buffer, sink: LineSink): void {
    let pos = 0;
    if (this.#pendingBytes > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.#keep(chunk, 0);
        return;
      }
      this.#pending.push(chunk.subarray(0, nl));
      const joined = Buffer.concat(this.#pending, this.#pendingBytes + nl);
      this.#consumed += this.#pendingBytes;
      this.#pending = [];
      this.#pendingBytes = 0;
      emit(joined, 0, joined.length, sink);
      pos = nl + 1;
    }
    for (let nl = chunk.indexOf(LF, pos); nl >= 0; nl = chunk.indexOf(LF, pos)) {
      emit(chunk, pos, nl, sink);
      pos = nl + 1;
    }
    this.#consumed += pos;
    if (pos < chunk.length) this.#keep(chunk, pos);
  }

  /** End of input: a last line without a newline is a line too. */
  end(sink: LineSink): void {
    if (this.#pendingBytes === 0) return;
    const joined = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#consumed += this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    emit(joined, 0, joined.length, sink);
  }

  #keep(chunk: Buffer, from: number): void {
    this.#pending.push(Buffer.from(chunk.subarray(from)));
    this.#pendingBytes += chunk.length - from;
  }
}

function emit(buf: Buffer, start: number, end: number, sink: LineSink): void {
  sink.line(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end);
}
