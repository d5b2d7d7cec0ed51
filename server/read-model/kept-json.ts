/**
 * The JSON text of the records read lately, by slot, up to a number of characters: the records
 * a list's first pages and the board show again and again are decoded once, not per request
 * (RecordCodec keeps every record compact; turning its bytes back into text was a fifth of a
 * list request's time). A slot holds one version of a record, so a kept text never goes stale;
 * the table empties this when it renumbers its slots (compaction, a checkpoint read). The
 * oldest texts go first when it is full.
 */
export class KeptJson {
  private texts = new Map<number, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(slot: number): string | undefined {
    return this.texts.get(slot);
  }

  keep(slot: number, text: string): void {
    if (text.length > this.maxChars) return;
    for (const [oldest, kept] of this.texts) {
      if (this.chars + text.length <= this.maxChars) break;
      this.texts.delete(oldest);
      this.chars -= kept.length;
    }
    this.texts.set(slot, text);
    this.chars += text.length;
  }

  clear(): void {
    this.texts.clear();
    this.chars = 0;
  }

  /** Characters kept (memory reports). */
  get size(): number {
    return this.chars;
  }
}
