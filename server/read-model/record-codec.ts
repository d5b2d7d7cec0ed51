import type { JsonWriter } from './json-writer.js';

/**
 * Records kept as bytes rather than JSON text (the read model's tables, storage.ts): key shapes
 * numbered per table, ids of 24 hex digits as 12 bytes, instants and days as varints.
 */
/** Tags of the values in a record's bytes (RecordCodec). */
const enum Tag {
  Null,
  False,
  True,
  /** An integer of magnitude below 2^52, zig-zag varint. */
  Int,
  /** Any other number, 8 bytes. */
  Float,
  /** Varint byte length, UTF-8 that JSON writes without escapes. */
  Text,
  /** The same, all printable ASCII (read back as Latin-1, the fastest decode). */
  Ascii,
  /** A 24-digit lower-case hex string (an ObjectId) as its 12 bytes. */
  Hex,
  /** An ISO instant as `toISOString()` writes it, as epoch ms (zig-zag varint). */
  Instant,
  /** A day `YYYY-MM-DD`, as days since 1970 (zig-zag varint). */
  Day,
  /** An object of a known shape: the shape's number, then its values in order. */
  Shaped,
  /** An object of too many shapes to number: a count, then key (as Text) and value pairs. */
  Keyed,
  /** A count, then the items. */
  List,
  /** Any other text (quotes, control characters, a lone surrogate), as its JSON with the quotes. */
  Escaped,
}

const DAY_MS = 86_400_000;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The character codes of the lower-case hex digits. */
const HEX_DIGIT = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Whether UTF-8 carries `s` unchanged (no lone surrogate; ES2024's isWellFormed, which Node 20 has). */
/** Whether a string holds no lone surrogate (String.prototype.isWellFormed, typed here for Node 20). */
export const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
/** Text JSON writes as it is, all ASCII: anything else is not this. */
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7f]/;
/** What JSON escapes (besides lone surrogates). */
const NEEDS_ESCAPE = /["\\\x00-\x1f]/;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** The year, month and day of epoch day `days` as one number, `y * 10_000 + m * 100 + d` (Howard Hinnant's civil_from_days). */
function civilOf(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10_000 + m * 100 + d;
}
/** The day of epoch day `days`, `YYYY-MM-DD` (years 0 to 9999; the encoder keeps only what reads back the same). */
function dayOf(days: number): string {
  const ymd = civilOf(days);
  const y = Math.floor(ymd / 10_000);
  return `${TWO[Math.floor(y / 100)]}${TWO[y % 100]}-${TWO[Math.floor(ymd / 100) % 100]}-${TWO[ymd % 100]}`;
}
/** `dayOf(days)` written as bytes into `out`: no string made. */
function writeDay(out: JsonWriter, days: number): void {
  const ymd = civilOf(days);
  out.padded(Math.floor(ymd / 10_000), 4);
  out.byte(0x2d);
  out.padded(Math.floor(ymd / 100) % 100, 2);
  out.byte(0x2d);
  out.padded(ymd % 100, 2);
}
/** The time of day of instant `ms` as one number, `h * 10^7 + min * 10^5 + s * 1000 + ms`. */
function timeOf(ms: number): number {
  let rest = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  return Math.floor(rest / 60) * 10_000_000 + (rest % 60) * 100_000 + sec * 1000 + milli;
}
/** `isoOf(ms)` written as bytes into `out`. */
function writeInstant(out: JsonWriter, ms: number): void {
  const t = timeOf(ms);
  writeDay(out, Math.floor(ms / DAY_MS));
  out.byte(0x54);
  out.padded(Math.floor(t / 10_000_000), 2);
  out.byte(0x3a);
  out.padded(Math.floor(t / 100_000) % 100, 2);
  out.byte(0x3a);
  out.padded(Math.floor(t / 1000) % 100, 2);
  out.byte(0x2e);
  out.padded(t % 1000, 3);
  out.byte(0x5a);
}
/** Epoch days of a proleptic Gregorian date (civil_from_days reversed). */
function daysFrom(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}
/** The number of the digits of `s` from `from` to `to` (the caller has checked they are digits). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}
/** `new Date(ms).toISOString()` for years 0 to 9999, about five times faster (a page decodes three per record). */
function isoOf(ms: number): string {
  const t = timeOf(ms);
  return `${dayOf(Math.floor(ms / DAY_MS))}T${TWO[Math.floor(t / 10_000_000)]}:${TWO[Math.floor(t / 100_000) % 100]}:${TWO[Math.floor(t / 1000) % 100]}.${THREE[t % 1000]}Z`;
}
/** Days in month `m` (1 to 12) of year `y`, proleptic Gregorian. */
const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
/**
 * The epoch ms of an instant as `toISOString()` writes it (`INSTANT`'s form, years 0 to 9999),
 * or undefined when a part is out of its range (month 13, February 30th, 24:00): exactly when
 * `isoOf` of those ms would not write `s` back, without writing it (three instants a record).
 */
function instantOf(s: string): number | undefined {
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const min = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || h > 23 || min > 59 || sec > 59) return undefined;
  return daysFrom(y, m, d) * DAY_MS + ((h * 60 + min) * 60 + sec) * 1000 + digits(s, 20, 23);
}
/** Sets a key as JSON.parse does: `__proto__` too is an own key, not the prototype. */
const own = (o: Record<string, unknown>, key: string, value: unknown) => {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
};
const HEX = /^[0-9a-f]{24}$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAY = /^\d{4}-\d\d-\d\d$/;
/** Beyond this many shapes an object keeps its keys inline (custom fields set in every combination). */
const MAX_SHAPES = 65_536;

/**
 * Records' API JSON in fewer bytes: the read model keeps every record, and at a million
 * interactions their JSON text was most of its memory. A record is written as tagged values:
 * an object as the number of its shape (its keys in order, kept once per table), ids (24 hex
 * digits) as 12 bytes, ISO instants and days as numbers, integers as varints, other text as
 * UTF-8. `json` writes the text `JSON.stringify` wrote for the same value, key order included;
 * a string that only looks like an id or a date (upper-case hex, a date that does not round
 * trip) stays text, so nothing is changed by the trip. One codec per table: its shapes are part
 * of the table's checkpoint.
 */
export class RecordCodec {
  private shapes: string[][] = [];
  /** Each shape's JSON pieces: `{"a":`, `,"b":`, ... */
  private pieces: string[][] = [];
  /** The same pieces as UTF-8 bytes (`jsonInto`). */
  private pieceBytes: Buffer[][] = [];
  private shapeOf = new Map<string, number>();
  private lastShape = 0;
  private out = Buffer.allocUnsafe(1024);
  private at = 0;
  /** Where `json` and `value` read. */
  private bytes: Buffer = Buffer.alloc(0);
  private pos = 0;

  /** The shapes, for a checkpoint (`RecordCodec.of` makes the codec back). */
  shapeList(): string[][] {
    return this.shapes.slice();
  }

  static of(shapes: string[][]): RecordCodec {
    const codec = new RecordCodec();
    for (const keys of shapes) {
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new Error('record codec: a shape that is not a list of keys');
      codec.addShape(keys);
    }
    return codec;
  }

  /** The bytes of `value` (valid until the next `encode`: copy them). */
  encode(value: unknown): Buffer {
    this.at = 0;
    this.value_(value);
    return this.out.subarray(0, this.at);
  }

  /** The JSON text of the value at `bytes[start..end)`. */
  json(bytes: Buffer, start: number, end: number): string {
    this.bytes = bytes;
    this.pos = start;
    const text = this.readJson();
    if (this.pos !== end) throw new Error('record codec: bytes left over');
    return text;
  }

  /**
   * The JSON text of the value at `bytes[start..end)` as UTF-8 bytes, written into `out`: the
   * bytes of `Buffer.from(json(bytes, start, end))`, without making a string of any field (a
   * list answer's fifty records took a millisecond as text, most of a deep page's time).
   */
  jsonInto(bytes: Buffer, start: number, end: number, out: JsonWriter): void {
    this.bytes = bytes;
    this.pos = start;
    this.writeJson(out);
    if (this.pos !== end) throw new Error('record codec: bytes left over');
  }

  /** The value at `bytes[start..end)`, as `JSON.parse(json(...))` would give it. */
  value(bytes: Buffer, start: number, end: number): unknown {
    this.bytes = bytes;
    this.pos = start;
    const value = this.readValue();
    if (this.pos !== end) throw new Error('record codec: bytes left over');
    return value;
  }

  private addShape(keys: string[]): number {
    const code = this.shapes.length;
    this.shapes.push(keys);
    this.pieces.push(keys.map((k, i) => `${i ? ',' : '{'}${JSON.stringify(k)}:`));
    this.pieceBytes.push(this.pieces[code]!.map((piece) => Buffer.from(piece, 'utf8')));
    this.shapeOf.set(keys.join('\u0000'), code);
    return code;
  }

  private room(n: number): void {
    if (this.at + n <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.out.copy(next, 0, 0, this.at);
    this.out = next;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.at++] = b;
  }

  /** An unsigned integer below 2^53, 7 bits a byte. */
  private varint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.out[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.out[this.at++] = n;
  }

  private zigzag(n: number): void {
    this.varint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  private text(s: string): void {
    const length = Buffer.byteLength(s, 'utf8');
    this.varint(length);
    this.room(length);
    this.at += this.out.write(s, this.at, 'utf8');
  }

  private value_(v: unknown): void {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
        if (!Number.isFinite(v)) return this.byte(Tag.Null);
        // Zig-zag doubles it: below 2^52 it stays a safe integer.
        if (Number.isInteger(v) && Math.abs(v) < 2 ** 52) {
          this.byte(Tag.Int);
          return this.zigzag(v === 0 ? 0 : v);
        }
        this.byte(Tag.Float);
        this.room(8);
        this.out.writeDoubleLE(v, this.at);
        this.at += 8;
        return;
      case 'boolean':
        return this.byte(v ? Tag.True : Tag.False);
      case 'object':
        if (v === null) return this.byte(Tag.Null);
        if (Array.isArray(v)) {
          this.byte(Tag.List);
          this.varint(v.length);
          for (const item of v) {
            // JSON.stringify writes null for what it cannot write in a list.
            if (item === undefined || typeof item === 'function' || typeof item === 'symbol') this.byte(Tag.Null);
            else this.value_(item);
          }
          return;
        }
        return this.object(v as Record<string, unknown>);
      default:
        // undefined, functions, symbols: JSON.stringify leaves them out of objects (see `object`).
        return this.byte(Tag.Null);
    }
  }

  private string(s: string): void {
    if (s.length === 24 && HEX.test(s)) {
      this.byte(Tag.Hex);
      this.room(12);
      this.at += this.out.write(s, this.at, 'hex');
      return;
    }
    if (s.length === 24 && INSTANT.test(s)) {
      // What the digits say, kept only if it would write back the same text: each part in its range.
      const ms = instantOf(s);
      if (ms !== undefined) {
        this.byte(Tag.Instant);
        return this.zigzag(ms);
      }
    } else if (s.length === 10 && DAY.test(s)) {
      const days = daysFrom(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
      if (dayOf(days) === s) {
        this.byte(Tag.Day);
        return this.zigzag(days);
      }
    }
    if (!NOT_PLAIN_ASCII.test(s)) {
      this.byte(Tag.Ascii);
      this.varint(s.length);
      this.room(s.length);
      this.at += this.out.write(s, this.at, 'latin1');
    } else if (!NEEDS_ESCAPE.test(s) && wellFormed(s)) {
      this.byte(Tag.Text);
      this.text(s);
    } else {
      this.byte(Tag.Escaped);
      this.text(JSON.stringify(s));
    }
  }

  private object(o: Record<string, unknown>): void {
    const keys = Object.keys(o);
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      const item = o[keys[i]!];
      if (item !== undefined && typeof item !== 'function' && typeof item !== 'symbol') keys[n++] = keys[i]!;
    }
    keys.length = n;
    let code = this.sameShape(this.lastShape, keys) ? this.lastShape : this.shapeOf.get(keys.join('\u0000'));
    if (code === undefined && this.shapes.length < MAX_SHAPES) code = this.addShape(keys);
    if (code === undefined) {
      this.byte(Tag.Keyed);
      this.varint(keys.length);
      for (const key of keys) this.text(key), this.value_(o[key]);
      return;
    }
    this.lastShape = code;
    this.byte(Tag.Shaped);
    this.varint(code);
    for (const key of keys) this.value_(o[key]);
  }

  /** Whether shape `code` has exactly `keys` (records of a kind mostly repeat the last shape: no key string joined). */
  private sameShape(code: number, keys: string[]): boolean {
    const shape = this.shapes[code];
    if (!shape || shape.length !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) if (shape[i] !== keys[i]) return false;
    return true;
  }

  private readVarint(): number {
    const bytes = this.bytes;
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[this.pos++];
      if (b === undefined) throw new Error('record codec: cut short');
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  private readZigzag(): number {
    const n = this.readVarint();
    return n % 2 ? -(n + 1) / 2 : n / 2;
  }

  private readText(): string {
    const length = this.readVarint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('utf8', this.pos, end);
    this.pos = end;
    return s;
  }

  private readAscii(): string {
    const length = this.readVarint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('latin1', this.pos, end);
    this.pos = end;
    return s;
  }

  private readHex(): string {
    const end = this.pos + 12;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('hex', this.pos, end);
    this.pos = end;
    return s;
  }

  private readShape(): number {
    const code = this.readVarint();
    if (code >= this.shapes.length) throw new Error('record codec: an unknown shape');
    return code;
  }

  private readJson(): string {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return 'null';
      case Tag.False:
        return 'false';
      case Tag.True:
        return 'true';
      case Tag.Int:
        return String(this.readZigzag());
      case Tag.Float: {
        const v = this.bytes.readDoubleLE(this.pos);
        this.pos += 8;
        return String(v);
      }
      case Tag.Ascii:
        return `"${this.readAscii()}"`;
      case Tag.Text:
        return `"${this.readText()}"`;
      case Tag.Escaped:
        return this.readText();
      case Tag.Hex:
        return `"${this.readHex()}"`;
      case Tag.Instant:
        return `"${isoOf(this.readZigzag())}"`;
      case Tag.Day:
        return `"${dayOf(this.readZigzag())}"`;
      case Tag.Shaped: {
        const pieces = this.pieces[this.readShape()]!;
        if (!pieces.length) return '{}';
        let out = '';
        for (let i = 0; i < pieces.length; i++) out += pieces[i]! + this.readJson();
        return `${out}}`;
      }
      case Tag.Keyed: {
        const n = this.readVarint();
        let out = '{';
        for (let i = 0; i < n; i++) out += `${i ? ',' : ''}${JSON.stringify(this.readText())}:${this.readJson()}`;
        return `${out}}`;
      }
      case Tag.List: {
        const n = this.readVarint();
        let out = '[';
        for (let i = 0; i < n; i++) out += (i ? ',' : '') + this.readJson();
        return `${out}]`;
      }
      default:
        throw new Error(`record codec: unknown tag ${String(tag)}`);
    }
  }

  /** A varint-long run of bytes that is already JSON as it must appear, moved past. */
  private copyRun(out: JsonWriter): void {
    const length = this.readVarint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    out.copy(this.bytes, this.pos, end);
    this.pos = end;
  }

  private writeJson(out: JsonWriter): void {
    const bytes = this.bytes;
    const tag = bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return out.latin1('null');
      case Tag.False:
        return out.latin1('false');
      case Tag.True:
        return out.latin1('true');
      case Tag.Int:
        return out.integer(this.readZigzag());
      case Tag.Float: {
        const v = bytes.readDoubleLE(this.pos);
        this.pos += 8;
        return out.latin1(String(v));
      }
      case Tag.Ascii:
      case Tag.Text:
        // UTF-8 that JSON writes without escapes: the text between its quotes.
        out.byte(QUOTE);
        this.copyRun(out);
        return out.byte(QUOTE);
      case Tag.Escaped:
        // Its JSON, quotes and escapes included.
        return this.copyRun(out);
      case Tag.Hex: {
        const end = this.pos + 12;
        if (end > bytes.length) throw new Error('record codec: cut short');
        out.room(26);
        const buf = out.buf;
        let at = out.at;
        buf[at++] = QUOTE;
        for (let i = this.pos; i < end; i++) {
          const b = bytes[i]!;
          buf[at++] = HEX_DIGIT[b >> 4]!;
          buf[at++] = HEX_DIGIT[b & 15]!;
        }
        buf[at++] = QUOTE;
        out.at = at;
        this.pos = end;
        return;
      }
      case Tag.Instant:
        out.byte(QUOTE);
        writeInstant(out, this.readZigzag());
        return out.byte(QUOTE);
      case Tag.Day:
        out.byte(QUOTE);
        writeDay(out, this.readZigzag());
        return out.byte(QUOTE);
      case Tag.Shaped: {
        const pieces = this.pieceBytes[this.readShape()]!;
        if (!pieces.length) return out.latin1('{}');
        for (let i = 0; i < pieces.length; i++) {
          const piece = pieces[i]!;
          out.copy(piece, 0, piece.length);
          this.writeJson(out);
        }
        return out.byte(CLOSE_BRACE);
      }
      case Tag.Keyed: {
        const n = this.readVarint();
        out.byte(OPEN_BRACE);
        for (let i = 0; i < n; i++) {
          if (i) out.byte(COMMA);
          out.text(JSON.stringify(this.readText()));
          out.byte(COLON);
          this.writeJson(out);
        }
        return out.byte(CLOSE_BRACE);
      }
      case Tag.List: {
        const n = this.readVarint();
        out.byte(OPEN_BRACKET);
        for (let i = 0; i < n; i++) {
          if (i) out.byte(COMMA);
          this.writeJson(out);
        }
        return out.byte(CLOSE_BRACKET);
      }
      default:
        throw new Error(`record codec: unknown tag ${String(tag)}`);
    }
  }

  private readValue(): unknown {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int:
        return this.readZigzag();
      case Tag.Float: {
        const v = this.bytes.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
      }
      case Tag.Ascii:
        return this.readAscii();
      case Tag.Text:
        return this.readText();
      case Tag.Escaped:
        return JSON.parse(this.readText()) as string;
      case Tag.Hex:
        return this.readHex();
      case Tag.Instant:
        return isoOf(this.readZigzag());
      case Tag.Day:
        return dayOf(this.readZigzag());
      case Tag.Shaped: {
        const keys = this.shapes[this.readShape()]!;
        const out: Record<string, unknown> = {};
        for (const key of keys) own(out, key, this.readValue());
        return out;
      }
      case Tag.Keyed: {
        const n = this.readVarint();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.readText();
          own(out, key, this.readValue());
        }
        return out;
      }
      case Tag.List: {
        const n = this.readVarint();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.readValue());
        return out;
      }
      default:
        throw new Error(`record codec: unknown tag ${String(tag)}`);
    }
  }
}

/** Each character's value as a hex digit (lower case only), -1 for any other. */
