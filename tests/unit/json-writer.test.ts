import { describe, expect, it } from 'vitest';
import { JsonWriter, releaseBody } from '../../server/read-model/json-writer.js';

describe('JSON writer buffers', () => {
  it('takes a body given back for the next writer of its size, and never one still held', () => {
    const first = new JsonWriter(1000);
    first.latin1('[1]');
    const body = first.bytes();
    const held = new JsonWriter(1000);
    // Not given back yet: another buffer.
    expect(held.buf.buffer).not.toBe(body.buffer);
    releaseBody(body);
    const next = new JsonWriter(1000);
    expect(next.buf.buffer).toBe(body.buffer);
    // Given back twice, it is kept once: two writers never share it.
    releaseBody(next.bytes());
    releaseBody(next.bytes());
    const a = new JsonWriter(1000);
    const b = new JsonWriter(1000);
    expect(a.buf.buffer).not.toBe(b.buf.buffer);
  });

  it('grows into larger buffers, writing across the copy, and lets go of bodies not its own', () => {
    const out = new JsonWriter(10);
    const text = 'zoë,'.repeat(40_000);
    out.text(text);
    out.integer(-1234567);
    out.padded(42, 5);
    expect(out.bytes().toString('utf8')).toBe(`${text}-123456700042`);
    expect(out.buf.length).toBeGreaterThanOrEqual(out.at);
    // A slice of a larger buffer, or a buffer of no pooled size, is not taken back.
    const odd = Buffer.alloc(100_000);
    releaseBody(odd);
    releaseBody(Buffer.alloc(1 << 16).subarray(8));
    expect(new JsonWriter(70_000).buf.buffer).not.toBe(odd.buffer);
  });
});
