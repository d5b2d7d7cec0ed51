import { ObjectId } from 'mongodb';

/** A customer document shaped exactly as `customer.service.ts` `create()` stores it. */
export interface SeedCustomer {
  _id: ObjectId;
  name: string;
  email: string;
  emailLower: string;
  nameSort: string;
  search: string;
  phone?: string;
  industry?: string;
  tags?: string[];
  fieldVersions: Record<string, number>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A small deterministic PRNG (mulberry32), so every run seeds the same customers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Acme', 'Northwind', 'Blue Harbor', 'Granite', 'Silverline', 'Summit', 'Redwood', 'Lakeside', 'Pioneer', 'Evergreen',
  'Ironbridge', 'Brightwater', 'Cedar', 'Keystone', 'Maple', 'Oakridge', 'Pinnacle', 'Riverside', 'Sterling', 'Sunrise',
  'Tidewater', 'Vantage', 'Westfield', 'Alder', 'Beacon', 'Cobalt', 'Falcon', 'Highland', 'Juniper', 'Kestrel', 'Lumen',
  'Meridian', 'Nova', 'Orchard', 'Prairie', 'Quarry', 'Sable', 'Trident', 'Vertex', 'Willow', 'Zephyr', 'Aurora', 'Bergen',
  'Castell', 'Nordlicht', 'Sakura', 'Solano', 'Atlas', 'Copperfield', 'Driftwood',
];
const SURNAMES = ['Müller', 'García', 'Okafor', 'Nguyen', 'Kowalski', 'Rossi', 'Dubois', 'Tanaka', 'Johansson', 'Haddad', 'Silva', 'Novak', "O'Brien", 'Schmidt', 'Petrov', 'Andersen'];
const SECOND = [
  'Logistics', 'Analytics', 'Foods', 'Dental', 'Robotics', 'Textiles', 'Energy', 'Health', 'Legal', 'Marine', 'Media', 'Motors',
  'Pharma', 'Realty', 'Software', 'Studios', 'Systems', 'Solar', 'Travel', 'Ventures', 'Bakery', 'Brewing', 'Capital',
  'Consulting', 'Design', 'Freight', 'Labs', 'Outfitters', 'Printing', 'Supply',
];
const FAMILY = ['& Sons', 'Brothers', 'Holdings', 'Trading', 'Hermanos', '& Söhne', 'Family Farms', 'Associates'];
const SUFFIX = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'S.A.', 'BV', 'AB', 'Oy', 'Group', 'Partners', '', '', ''];
const INDUSTRIES = [
  'Software', 'Manufacturing', 'Retail', 'Healthcare', 'Logistics', 'Finance', 'Education', 'Hospitality', 'Construction',
  'Energy', 'Agriculture', 'Media', 'Legal services', 'Real estate', 'Automotive', 'Telecommunications', 'Pharmaceuticals',
  'Food & beverage', 'Nonprofit', 'Public sector',
];
const TAGS = ['vip', 'lead', 'partner', 'churn-risk', 'enterprise', 'smb', 'newsletter', 'trial', 'renewal-q3', 'reseller', 'eu', 'us', 'apac'];
const LOCAL = ['info', 'sales', 'contact', 'hello', 'office', 'accounts', 'team', 'purchasing'];
const TLD = ['com', 'com', 'com', 'de', 'io', 'co.uk', 'fr', 'nl', 'es', 'se', 'jp'];
const PHONE = ['+1 415 555 %4', '+44 20 7946 %4', '+49 30 %8', '+33 1 %2 %2 %2 %2', '+81 3 %4 %4', '+46 8 %3 %2 %2'];

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Generates `count` varied, realistic customers (deterministic for a given seed). */
export function generateCustomers(count: number, seed = 42): SeedCustomer[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const usedEmails = new Set<string>();
  const start = Date.UTC(2023, 0, 1);
  const out: SeedCustomer[] = [];

  for (let i = 0; i < count; i++) {
    const style = random();
    const base = style < 0.7 ? `${pick(FIRST)} ${pick(SECOND)}` : style < 0.9 ? `${pick(SURNAMES)} ${pick(FAMILY)}` : `${pick(FIRST)} ${pick(SURNAMES)}`;
    const suffix = pick(SUFFIX);
    const name = suffix ? `${base} ${suffix}` : base;

    let email = `${pick(LOCAL)}@${slug(base)}.${pick(TLD)}`;
    for (let n = 2; usedEmails.has(email.toLowerCase()); n++) email = email.replace(/@([^.]+?)(-\d+)?\./, `@$1-${n}.`);
    usedEmails.add(email.toLowerCase());

    const fields: { name: string; email: string; phone?: string; industry?: string; tags?: string[] } = { name, email };
    if (random() < 0.85) fields.phone = pick(PHONE).replace(/%(\d)/g, (_m, n: string) => digits(Number(n)));
    if (random() < 0.9) fields.industry = pick(INDUSTRIES);
    const tagCount = Math.floor(random() * 4);
    if (tagCount) fields.tags = [...new Set(Array.from({ length: tagCount }, () => pick(TAGS)))];

    // The same derived fields as customer.service.ts `derived()`.
    const search = [fields.name, fields.email, fields.phone, fields.industry, ...(fields.tags ?? [])].filter(Boolean).join(' ').toLowerCase();
    const createdAt = new Date(start + Math.floor(random() * 700 * 24 * 3600 * 1000));
    out.push({
      _id: new ObjectId(),
      ...fields,
      emailLower: email.toLowerCase(),
      nameSort: name.toLowerCase(),
      search,
      fieldVersions: {},
      version: 1,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return out;
}

/**
 * A lower-case word of the customers' search text matched (as a substring, the way `q`
 * matches) by the number of customers closest to `wanted`.
 */
export function pickSearchTerm(customers: readonly SeedCustomer[], wanted: number): { term: string; matches: number } {
  const words = new Set<string>();
  for (const c of customers) for (const w of c.search.split(/[^a-z]+/)) if (w.length >= 5) words.add(w);
  let best = { term: '', matches: -1 };
  for (const term of [...words].sort()) {
    let matches = 0;
    for (const c of customers) if (c.search.includes(term)) matches++;
    if (best.matches < 0 || Math.abs(matches - wanted) < Math.abs(best.matches - wanted)) best = { term, matches };
  }
  return best;
}
