import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parse } from 'node:querystring';
import { cachedQueryParser, rawQueryOf } from '../../server/http/validate.js';
import { CustomerListQuery } from '../../shared/customer.js';
import { RecentMap } from '../../server/lib/recent-map.js';

/** A request as express gives it to a route: its URL and the query express's simple parser reads from it. */
const request = (url: string) => ({ url, get query() { return parse(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''); } });

describe('the raw query string a list parse is kept by', () => {
  it('is what follows the first ?, as parseurl reads it, and none where parseurl would use url.parse', () => {
    expect(rawQueryOf('/customers?q=a&sort=name')).toBe('q=a&sort=name');
    expect(rawQueryOf('/customers?q=a?b')).toBe('q=a?b');
    expect(rawQueryOf('/customers')).toBe('');
    expect(rawQueryOf('/customers?')).toBe('');
    // url.parse would read these differently (a fragment, a path without its slash): not kept.
    expect(rawQueryOf('/customers#x?q=1')).toBeUndefined();
    expect(rawQueryOf('/customers?q=1#x')).toBeUndefined();
    expect(rawQueryOf('customers?q=1')).toBeUndefined();
    expect(rawQueryOf('/customers?q=a b')).toBeUndefined();
  });
});

describe('cached list query parses', () => {
  it('parses each distinct query string once and answers the same parse after', () => {
    let runs = 0;
    const schema = z.strictObject({ q: z.string().optional(), limit: z.coerce.number().default(50) }).transform((v) => (runs++, v));
    const parseList = cachedQueryParser(schema);
    const first = parseList(request('/customers?q=acme'));
    expect(first).toEqual({ q: 'acme', limit: 50 });
    expect(parseList(request('/customers?q=acme'))).toBe(first);
    expect(runs).toBe(1);
    expect(parseList(request('/customers?q=acme&limit=5'))).toEqual({ q: 'acme', limit: 5 });
    expect(runs).toBe(2);
  });

  it('gives frozen parses, nested parts too, so no request can change what a later one reads', () => {
    const parseList = cachedQueryParser(CustomerListQuery);
    const url = '/customers?q=acme&custom.size.gte=5&sort=name';
    const parsed = parseList(request(url)) as Record<string, unknown> & { custom?: Record<string, Record<string, string>> };
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(() => {
      parsed.q = 'other';
    }).toThrow(TypeError);
    expect(() => {
      parsed.custom!.size!.gte = '1000';
    }).toThrow(TypeError);
    expect(() => {
      parsed.custom!.other = { eq: 'x' };
    }).toThrow(TypeError);
    expect(parseList(request(url))).toEqual({ q: 'acme', sort: 'name', limit: 50, custom: { size: { gte: '5' } } });
    // Uncached URLs (a fragment) are frozen alike.
    expect(Object.isFrozen(parseList(request('/customers?q=acme#top')))).toBe(true);
  });

  it('refuses an invalid query every time it comes (422), and keeps nothing of it', () => {
    let runs = 0;
    const schema = z.strictObject({ limit: z.coerce.number().max(200) }).transform((v) => (runs++, v));
    const parseList = cachedQueryParser(schema);
    for (let i = 0; i < 2; i++) expect(() => parseList(request('/x?limit=500'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => parseList(request('/x?bogus=1'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(runs).toBe(0);
  });

  it('keeps the most recently used query strings up to its bound', () => {
    let runs = 0;
    const schema = z.strictObject({ n: z.string() }).transform((v) => (runs++, v));
    const parseList = cachedQueryParser(schema, 2);
    parseList(request('/x?n=1'));
    parseList(request('/x?n=2'));
    parseList(request('/x?n=1')); // used again: n=2 is now the oldest
    parseList(request('/x?n=3')); // drops n=2
    expect(runs).toBe(3);
    parseList(request('/x?n=1'));
    parseList(request('/x?n=3'));
    expect(runs).toBe(3);
    parseList(request('/x?n=2'));
    expect(runs).toBe(4);
  });
});

describe('RecentMap', () => {
  it('drops the least recently used entry past its size', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([1, undefined, 3, 2]);
    map.set('a', 4);
    expect([map.get('a'), map.size]).toEqual([4, 2]);
  });
});
