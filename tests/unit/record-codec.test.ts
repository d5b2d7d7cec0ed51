import { describe, expect, it } from 'vitest';
import { JsonWriter } from '../../server/read-model/json-writer.js';
import { RecordCodec } from '../../server/read-model/record-codec.js';

/** The JSON `jsonInto` writes, as text, written after other bytes into a writer that must grow. */
function jsonBytes(codec: RecordCodec, bytes: Buffer, start: number, end: number): string {
  const out = new JsonWriter(4);
  out.latin1('[1,');
  codec.jsonInto(bytes, start, end, out);
  const written = out.bytes();
  expect(written.subarray(0, 3).toString()).toBe('[1,');
  return written.subarray(3).toString('utf8');
}

/**
 * The value through the codec: its JSON and its value, as JSON.stringify and JSON.parse give them.
 * The JSON written as bytes (a list's body) must be the text's UTF-8, byte for byte.
 */
function trip(codec: RecordCodec, value: unknown) {
  const bytes = Buffer.from(codec.encode(value));
  // Read from the middle of a larger buffer, as the table reads a record out of a chunk.
  const padded = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([7])]);
  const json = codec.json(padded, 3, 3 + bytes.length);
  expect(Buffer.from(jsonBytes(codec, padded, 3, 3 + bytes.length), 'utf8').equals(Buffer.from(json, 'utf8')), json).toBe(true);
  return { json, value: codec.value(padded, 3, 3 + bytes.length), bytes };
}

const interaction = {
  id: '65a1b2c3d4e5f60718293a4b',
  customerId: '65a1b2c3d4e5f60718293a4c',
  contactId: '65a1b2c3d4e5f60718293a4d',
  type: 'call',
  date: '2026-11-30T09:15:00.000Z',
  subject: 'Pricing follow-up',
  notes: 'We discussed the rollout plan, budget for next quarter and the pricing tiers.',
  durationMinutes: 30,
  userId: '65a1b2c3d4e5f60718293a4e',
  custom: { tier: 'gold', seats: 12, renewal: '2027-01-31', partner: true, tags: ['a', 'b'] },
  version: 3,
  createdAt: '2026-11-30T09:20:01.123Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('record codec', () => {
  it('gives back the JSON text JSON.stringify wrote and the value JSON.parse gives, in fewer bytes than the text', () => {
    const codec = new RecordCodec();
    const { json, value, bytes } = trip(codec, interaction);
    expect(json).toBe(JSON.stringify(interaction));
    expect(value).toEqual(interaction);
    // Ids as 12 bytes, instants as varints, keys as one shape number.
    expect(bytes.length).toBeLessThan(JSON.stringify(interaction).length * 0.55);
  });

  it('keeps every value exactly, the ones that only look like ids or dates too', () => {
    const codec = new RecordCodec();
    const values: unknown[] = [
      null,
      true,
      false,
      0,
      -0,
      1,
      -1,
      127,
      128,
      -129,
      2 ** 31,
      -(2 ** 40),
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      2 ** 53 + 2,
      0.1,
      -3.5e-7,
      1e21,
      '',
      'plain',
      'Zoë Müller – 東京 🐟',
      'quote " backslash \\ newline \n tab \t nul \u0000 line sep \u2028',
      'lone \ud800 surrogate',
      '\udc00',
      '65A1B2C3D4E5F60718293A4B',
      '65a1b2c3d4e5f60718293a4',
      '65a1b2c3d4e5f60718293a4bz',
      'zza1b2c3d4e5f60718293a4b',
      '2026-11-30T09:15:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
      '2026-13-30T09:15:00.000Z',
      '2026-02-30T09:15:00.000Z',
      '2026-11-30T09:15:00.000+',
      '2026-11-30T24:00:00.000Z',
      '2026-11-30',
      '1900-02-28',
      '2026-02-30',
      '2026-1-30',
      [],
      {},
      [1, 'two', null, [3, { four: 4 }], {}],
      { a: 1, b: { c: [{ d: 'e' }, { d: 'f', g: null }] } },
      { '1': 'integer key first', z: 0, a: 1 },
      JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
      { 'key "quoted"': 1, 'ключ': 2, '': 3 },
    ];
    for (const v of values) {
      const { json, value } = trip(codec, v);
      expect(json, JSON.stringify(v)).toBe(JSON.stringify(v));
      expect(value, JSON.stringify(v)).toEqual(JSON.parse(JSON.stringify(v)));
    }
    const proto = trip(codec, JSON.parse('{"__proto__": {"x": 1}}')).value as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('writes instants and days as toISOString does, over ten thousand years', () => {
    const codec = new RecordCodec();
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const low = Date.UTC(0, 0, 1) - 365 * 86_400_000 * 1900;
    const high = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const edges = [0, -1, 1, Date.UTC(2000, 1, 29), Date.UTC(1900, 2, 1) - 1, Date.UTC(2024, 1, 29, 23, 59, 59, 999), high, new Date('0000-01-01T00:00:00.000Z').getTime()];
    for (let i = 0; i < 20_000; i++) {
      const ms = i < edges.length ? edges[i]! : Math.floor(low + next() * (high - low));
      const iso = new Date(ms).toISOString();
      const { json, bytes } = trip(codec, { at: iso, day: iso.slice(0, 10) });
      expect(json).toBe(JSON.stringify({ at: iso, day: iso.slice(0, 10) }));
      // Both kept as numbers, not text: a shape, then at most 9 + 5 bytes.
      expect(bytes.length, iso).toBeLessThanOrEqual(16);
    }
  });

  it('keeps as numbers exactly the instants toISOString writes, and any other string of that form as text', () => {
    const codec = new RecordCodec();
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (const y of [0, 1, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          for (const time of ['00:00:00.000', '23:59:59.999', '24:00:00.000', '23:60:00.000', '23:59:60.000', '09:15:07.010']) {
            const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${time}Z`;
            const parsed = new Date(s);
            const real = !Number.isNaN(parsed.getTime()) && parsed.toISOString() === s;
            const { json, value, bytes } = trip(codec, { at: s });
            expect(json).toBe(JSON.stringify({ at: s }));
            expect(value).toEqual({ at: s });
            // A shape and an instant's varint, or the 24 characters as text.
            expect(bytes.length <= 12, s).toBe(real);
          }
        }
      }
    }
  });

  it('leaves out what JSON.stringify leaves out and calls toJSON', () => {
    const codec = new RecordCodec();
    const v = { a: undefined, b: () => 1, c: [undefined, () => 2], d: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), e: 'kept' };
    const { json, value } = trip(codec, v);
    expect(json).toBe(JSON.stringify(v));
    expect(value).toEqual(JSON.parse(JSON.stringify(v)));
  });

  it('numbers each shape of keys once, and a codec made from the shapes reads the same bytes', () => {
    const codec = new RecordCodec();
    const records = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, ...(i % 3 ? { contactId: `c${i % 7}` } : {}), custom: i % 2 ? { x: i } : {}, version: i }));
    const encoded = records.map((r) => Buffer.from(codec.encode(r)));
    expect(codec.shapeList().length).toBe(4);
    const again = RecordCodec.of(JSON.parse(JSON.stringify(codec.shapeList())) as string[][]);
    encoded.forEach((bytes, i) => {
      expect(again.json(bytes, 0, bytes.length)).toBe(JSON.stringify(records[i]));
      expect(jsonBytes(again, bytes, 0, bytes.length)).toBe(JSON.stringify(records[i]));
    });
  });

  it('keeps the keys inline once there are too many shapes to number', () => {
    const codec = new RecordCodec();
    const many = Array.from({ length: 70_000 }, (_, i) => ({ [`k${i}`]: i }));
    const encoded = many.map((r) => Buffer.from(codec.encode(r)));
    expect(codec.shapeList().length).toBe(65_536);
    for (const i of [0, 65_535, 65_536, 69_999]) {
      expect(codec.json(encoded[i]!, 0, encoded[i]!.length)).toBe(JSON.stringify(many[i]));
      expect(jsonBytes(codec, encoded[i]!, 0, encoded[i]!.length)).toBe(JSON.stringify(many[i]));
    }
  });

  it('refuses bytes it did not write rather than answering something else', () => {
    const codec = new RecordCodec();
    const bytes = Buffer.from(codec.encode(interaction));
    expect(() => codec.json(bytes, 0, bytes.length - 1)).toThrow();
    expect(() => codec.jsonInto(bytes, 0, bytes.length - 1, new JsonWriter())).toThrow();
    expect(() => codec.jsonInto(Buffer.from([200]), 0, 1, new JsonWriter())).toThrow(/tag/);
    expect(() => RecordCodec.of([]).json(bytes, 0, bytes.length)).toThrow(/shape/);
    expect(() => codec.json(Buffer.from([200]), 0, 1)).toThrow(/tag/);
    expect(() => RecordCodec.of([[1 as unknown as string]])).toThrow(/shape/);
  });
});
