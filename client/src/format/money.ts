/**
 * Money as every view shows it, one rule for the whole client: the exact amount, in the deal's
 * currency, with cents only when there are any ("$12,500", "$12,500.50"), so one deal reads the
 * same on the board, the customer page, the search and the dashboard. `compactMoney` is the
 * short form for column totals, summaries and chart axes ("$1.2M"), never for one deal.
 */

const formats = new Map<string, Intl.NumberFormat | null>();

function formatOf(currency: string, style: 'whole' | 'cents' | 'compact'): Intl.NumberFormat | null {
  const key = `${currency}:${style}`;
  if (!formats.has(key)) {
    const digits =
      style === 'compact'
        ? { notation: 'compact' as const, minimumFractionDigits: 0, maximumFractionDigits: 1 }
        : { minimumFractionDigits: style === 'cents' ? 2 : 0, maximumFractionDigits: style === 'cents' ? 2 : 0 };
    let format: Intl.NumberFormat | null;
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency, ...digits });
    } catch {
      // A currency code Intl does not know: shown as the number, then the code.
      format = null;
    }
    formats.set(key, format);
  }
  return formats.get(key)!;
}

function format(amount: number, currency: string, style: 'whole' | 'cents' | 'compact'): string {
  const known = formatOf(currency, style);
  if (known) return known.format(amount);
  const digits = style === 'compact' ? { notation: 'compact' as const, minimumFractionDigits: 0, maximumFractionDigits: 1 } : { minimumFractionDigits: style === 'cents' ? 2 : 0, maximumFractionDigits: 2 };
  return `${new Intl.NumberFormat(undefined, digits).format(amount)} ${currency}`;
}

/** "$12,500" or "$12,500.50": the exact amount, cents only when there are any. */
export function money(amount: number, currency = 'USD'): string {
  const cents = Math.round(amount * 100);
  return format(cents / 100, currency, cents % 100 === 0 ? 'whole' : 'cents');
}

/** "$1.2M", "$480K": short money for totals, summaries and chart axes. */
export function compactMoney(amount: number, currency = 'USD'): string {
  return format(amount, currency, 'compact');
}

/** What a form says when `parseAmount` refuses the text. */
export const AMOUNT_ERROR = 'must be an amount such as 12,500 or 12500.50 (0 or more)';

/**
 * An amount as a rep types it: digits with an optional decimal point and at most two decimals,
 * thousands separated by commas or spaces if they like ("12,500", "12 500.50", "$12,500").
 * Undefined when it is not such an amount (negative, letters, "1.2.3").
 */
export function parseAmount(text: string): number | undefined {
  const plain = text.trim().replace(/^\$/, '').replace(/[\s,]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(plain) && !/^\.\d{1,2}$/.test(plain)) return undefined;
  return Math.round(Number(plain) * 100) / 100;
}
