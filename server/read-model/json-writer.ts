/** The smallest pooled buffer (64 KiB) and the largest (4 MiB); a body beyond is allocated for itself. */
const SMALLEST = 16;
const LARGEST = 22;
/** Free buffers kept per size. */
const KEPT = 16;

/**
 * Buffers for answers' bodies, used again once an answer has been handed to the operating
 * system (`releaseBody`). V8 counts every new buffer's bytes as external memory and starts a
 * full collection of the whole heap (hundreds of megabytes with the read model) after each 64 MB
 * or so of them: a new 20 to 160 KB buffer per list or board answer made that every few hundred
 * answers. Sizes are powers of two, so a writer that grows takes the next size.
 */
const pool: ArrayBuffer[][] = Array.from({ length: LARGEST + 1 }, () => []);

function sizeClass(n: number): number {
  let bits = SMALLEST;
  while (1 << bits < n) bits++;
  return bits;
}

function takeBuffer(n: number): Buffer {
  const bits = sizeClass(n);
  if (bits > LARGEST) return Buffer.allocUnsafe(n);
  const free = pool[bits]!.pop();
  return free ? Buffer.from(free) : Buffer.from(new ArrayBuffer(1 << bits));
}

/**
 * Gives a body's buffer back for another answer: only once nothing will read it again (after the
 * answer's 'finish'). A body not from a writer (or a part of one's buffer) is let go.
 */
export function releaseBody(body: Uint8Array): void {
  const buffer = body.buffer;
  if (!(buffer instanceof ArrayBuffer) || body.byteOffset !== 0) return;
  const bits = sizeClass(buffer.byteLength);
  if (bits > LARGEST || 1 << bits !== buffer.byteLength || body.byteLength > buffer.byteLength) return;
  const free = pool[bits]!;
  if (free.length < KEPT && !free.includes(buffer)) free.push(buffer);
}

/**
 * A list answer's body as UTF-8 bytes, written straight from the read model's record bytes
 * (RecordCodec.jsonInto): no string per field, no joined text to encode again when it is sent.
 * It grows by doubling, in buffers from the pool above; `bytes()` is the body, valid until the
 * writer is written to again (and, once released, until another writer takes its buffer).
 */
export class JsonWriter {
  buf: Buffer;
  at = 0;

  constructor(size = 16 * 1024) {
    this.buf = takeBuffer(size);
  }

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = takeBuffer(this.at + n);
    this.buf.copy(next, 0, 0, this.at);
    releaseBody(this.buf);
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

  /** The decimal digits of an integer 0 <= n < 10^width, zero-padded to `width`. */
  padded(n: number, width: number): void {
    this.room(width);
    const buf = this.buf;
    let at = this.at + width;
    this.at = at;
    for (let i = 0; i < width; i++) {
      const q = Math.floor(n / 10);
      buf[--at] = 0x30 + n - q * 10;
      n = q;
    }
  }

  /** An integer as `String(n)` writes it (|n| < 2^53: plain digits, a minus sign before a negative one). */
  integer(n: number): void {
    if (n < 0) {
      this.byte(0x2d);
      n = -n;
    }
    let width = 1;
    for (let p = 10; p <= n; p *= 10) width++;
    this.padded(n, width);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}
