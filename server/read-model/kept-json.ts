/**
 * The JSON bytes of the records read lately, by slot: the records a list's first pages and the
 * board show again and again are decoded once, not per request (RecordCodec keeps every record
 * compact; writing its bytes back as JSON is most of a list page's own time). A slot holds one
 * version of a record, so kept bytes never go stale; the table empties this when it renumbers
 * its slots (compaction, a checkpoint read).
 *
 * Two generations of bytes, each in one buffer of half the size: texts are appended to the
 * current one; when it is full, the older one is emptied and becomes the current one. So a text
 * stays kept for between one and two generations, and the cache makes no object per text: the
 * bytes are outside the JavaScript heap and each generation's index is a map of small integers,
 * so the garbage collector neither copies nor promotes anything for it (kept strings were
 * promoted, then dropped, by every list request with new rows, which filled the old
 * generation and cost a full collection of the whole heap every few thousand requests).
 */
export class KeptJson {
  private readonly half: number;
  private buffers: [Buffer | undefined, Buffer | undefined] = [undefined, undefined];
  /** Each generation's texts: slot to the offset of its length (4 bytes) and bytes. */
  private index: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  private current = 0;
  private used = 0;
  /** After a `find` that hit: the buffer holding the bytes, and where they end. */
  found: Buffer = Buffer.alloc(0);
  foundEnd = 0;

  constructor(maxBytes: number) {
    this.half = Math.floor(maxBytes / 2);
  }

  /** Where the slot's kept bytes start in `found` (up to `foundEnd`), or -1 when none are kept. */
  find(slot: number): number {
    let which = this.current;
    let at = this.index[which]!.get(slot);
    if (at === undefined) {
      which ^= 1;
      at = this.index[which]!.get(slot);
      if (at === undefined) return -1;
    }
    const buffer = this.buffers[which]!;
    this.found = buffer;
    this.foundEnd = at + 4 + buffer.readUInt32LE(at);
    return at + 4;
  }

  /** The slot's kept text, if any. */
  text(slot: number): string | undefined {
    const at = this.find(slot);
    return at < 0 ? undefined : this.found.toString('utf8', at, this.foundEnd);
  }

  /** Keeps `bytes[start..end)` as the slot's JSON (not when longer than a generation). */
  keep(slot: number, bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n + 4 > this.half) return;
    if (this.used + n + 4 > this.half) {
      this.current ^= 1;
      this.index[this.current]!.clear();
      this.used = 0;
    }
    const buffer = (this.buffers[this.current] ??= Buffer.allocUnsafe(this.half));
    buffer.writeUInt32LE(n, this.used);
    buffer.set(bytes.subarray(start, end), this.used + 4);
    this.index[this.current]!.set(slot, this.used);
    this.used += n + 4;
  }

  clear(): void {
    this.index[0].clear();
    this.index[1].clear();
    this.used = 0;
  }

  /** Bytes held for texts (memory reports): the buffers allocated so far. */
  get size(): number {
    return (this.buffers[0]?.length ?? 0) + (this.buffers[1]?.length ?? 0);
  }
}
