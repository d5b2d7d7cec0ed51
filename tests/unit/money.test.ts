import { describe, expect, it } from 'vitest';
import { compactMoney, money, parseAmount } from '../../client/src/format/money.js';

describe('money', () => {
  it('shows one deal the same way everywhere: the exact amount, cents only when there are any', () => {
    expect(money(12_500.5)).toBe('$12,500.50');
    expect(money(12_500)).toBe('$12,500');
    expect(money(0.1 + 0.2)).toBe('$0.30');
    expect(money(99.999)).toBe('$100');
    expect(money(1_250, 'EUR')).toBe('€1,250');
  });

  it('shows an unknown currency code after the number', () => {
    expect(money(12_500.5, 'XYZ1')).toBe('12,500.50 XYZ1');
  });

  it('shortens totals, never one deal', () => {
    expect(compactMoney(1_234_567)).toBe('$1.2M');
    expect(compactMoney(480_000)).toBe('$480K');
  });
});

describe('parseAmount', () => {
  it('takes what reps type, thousands separators and a dollar sign included', () => {
    expect(parseAmount('1,000')).toBe(1_000);
    expect(parseAmount(' 12 500.50 ')).toBe(12_500.5);
    expect(parseAmount('$12,500')).toBe(12_500);
    expect(parseAmount('0')).toBe(0);
    expect(parseAmount('.5')).toBe(0.5);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', '-5', 'abc', '1.2.3', '12.345', '1e5']) expect(parseAmount(text), text).toBeUndefined();
  });
});
