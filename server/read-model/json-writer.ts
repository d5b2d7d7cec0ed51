/**
 * A list answer's body as UTF-8 bytes, written straight from the read model's record bytes
 * (RecordCodec.jsonInto): no string per field, no joined text to encode again when it is sent.
 * It grows by doubling; `bytes()` is the body, valid until the writer is written to again.
 */
export class JsonWriter {
  buf: Buffer;
  at = 0;

  constructor(size = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(b: number): void {
    if (this.at === this.buf.length) this.room(1);
    this.buf[this.at++] = b;
  }

  /** Bytes `from[start..end)` as they are (UTF-8 already). */
  copy(from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    // A loop beats the native copy for the short texts most fields are.
    if (n < 48) {
      const buf = this.buf;
      let at = this.at;
      for (let i = start; i < end; i++) buf[at++] = from[i]!;
      this.at = at;
    } else {
      this.buf.set(from.subarray(start, end), this.at);
      this.at += n;
    }
  }

  /** A string's UTF-8 (the caller knows it is JSON as it must appear). */
  text(s: string): void {
    this.room(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** A string of Latin-1 characters only (digits, ASCII JSON pieces), a byte each. */
  latin1(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}
