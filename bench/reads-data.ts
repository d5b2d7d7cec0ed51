import { generateNKeysBetween } from 'fractional-indexing';
import { ObjectId } from 'mongodb';
import { DEFAULT_STAGES } from '../shared/stage.js';
import { DEFAULT_PIPELINE_ID } from '../shared/stages.js';
import { generateCustomers, prng } from './seed.js';

/** SPEC section 10's large data set, per customer (`BENCH_READS_FRACTION=0.02`, say, for a quick look). */
const FRACTION = Number(process.env.BENCH_READS_FRACTION ?? 1);
export const SCALE = { customers: Math.round(100_000 * FRACTION), contactsEach: 3, interactionsEach: 10, tasks: Math.round(50_000 * FRACTION) };

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoë'];
const LAST = ['Müller', 'García', 'Okafor', 'Nguyen', 'Kowalski', 'Rossi', 'Dubois', 'Tanaka', 'Johansson', 'Haddad', 'Silva', 'Novak', 'Schmidt', 'Petrov', 'Andersen'];
const POSITIONS = ['CEO', 'CFO', 'Head of Sales', 'Buyer', 'Office manager', 'CTO', 'Procurement lead', 'Founder'];
const SUBJECTS = ['Intro call', 'Pricing follow-up', 'Demo', 'Contract review', 'Renewal chat', 'Quarterly review', 'Onboarding', 'Support escalation', 'Discount request', 'Kickoff'];
const LOREM = 'we discussed the rollout plan budget for next quarter pricing tiers onboarding timeline legal review of the contract support hours integration with their warehouse system and who signs off on the purchase order they want a pilot first'.split(' ');
const TYPES = ['call', 'meeting', 'email', 'note'] as const;
const TASK_TYPES = ['call', 'meeting', 'email', 'todo', 'deadline'] as const;
const DAY = 86_400_000;

/** The five custom fields every customer of the large data set carries (SPEC section 12's bench). */
export const CUSTOMER_FIELDS = [
  { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['bronze', 'silver', 'gold', 'platinum'].map((key) => ({ key, label: key[0]!.toUpperCase() + key.slice(1) })) },
  { entity: 'customer', key: 'seats', label: 'Seats', type: 'number' },
  { entity: 'customer', key: 'renewal', label: 'Renewal date', type: 'date' },
  { entity: 'customer', key: 'region', label: 'Region', type: 'select', options: ['emea', 'amer', 'apac'].map((key) => ({ key, label: key.toUpperCase() })) },
  { entity: 'customer', key: 'partner', label: 'Partner', type: 'checkbox' },
] as const;

/** Notes of about 200 characters. */
function notes(random: () => number): string {
  let text = '';
  while (text.length < 190) text += (text ? ' ' : '') + LOREM[Math.floor(random() * LOREM.length)];
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

export interface LargeData {
  customers: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
}

/**
 * The large data set, documents shaped exactly as the services store them (so the raw driver
 * can seed it): 100,000 customers, 300,000 contacts, 100,000 deals, 1,000,000 interactions with
 * notes of about 200 characters, 50,000 tasks. Handed out a slice of customers at a time, so
 * the bench never holds all of it.
 */
export function* largeData(users: string[], now: number, seed = 7): Generator<LargeData> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const all = generateCustomers(SCALE.customers, seed);
  const ranks = new Map(DEFAULT_STAGES.map((s) => [s.key, generateNKeysBetween(null, null, Math.ceil(SCALE.customers / 3))]));
  const used = new Map(DEFAULT_STAGES.map((s) => [s.key, 0]));
  const tasksEvery = Math.round(SCALE.customers / SCALE.tasks);
  const slice = 5_000;
  for (let from = 0; from < all.length; from += slice) {
    const out: LargeData = { customers: [], contacts: [], deals: [], interactions: [], tasks: [] };
    for (let i = from; i < Math.min(from + slice, all.length); i++) {
      const custom = {
        tier: pick(['bronze', 'silver', 'gold', 'platinum']),
        seats: 1 + Math.floor(random() * 2_000),
        renewal: new Date(now + Math.floor(random() * 365 * DAY)).toISOString().slice(0, 10),
        region: pick(['emea', 'amer', 'apac']),
        partner: random() < 0.2,
      };
      const customer = { ...all[i]!, ownerId: pick(users), custom };
      out.customers.push(customer);
      const customerId = customer._id.toHexString();
      const created = customer.createdAt.getTime();
      const stamp = (at: number) => ({ fieldVersions: {}, version: 1, createdAt: new Date(at), updatedAt: new Date(at) });
      const contactIds: string[] = [];
      for (let k = 0; k < SCALE.contactsEach; k++) {
        const name = `${pick(FIRST)} ${pick(LAST)}`;
        const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}.${k}@${customer.emailLower.split('@')[1]}`;
        const position = pick(POSITIONS);
        const _id = new ObjectId();
        contactIds.push(_id.toHexString());
        out.contacts.push({ _id, customerId, name, email, emailLower: email, nameSort: name.toLowerCase(), position, search: `${name} ${email} ${position}`.toLowerCase(), ...stamp(created + k * 1000) });
      }
      const stage = random() < 0.6 ? pick(DEFAULT_STAGES.slice(0, 4)) : pick(DEFAULT_STAGES.slice(4));
      const n = used.get(stage.key)!;
      used.set(stage.key, n + 1);
      const dealName = `${customer.name.split(' ')[0]} ${pick(['renewal', 'expansion', 'pilot', 'licence', 'services'])}`;
      out.deals.push({
        _id: new ObjectId(),
        customerId,
        contactId: contactIds[0],
        name: dealName,
        nameSort: dealName.toLowerCase(),
        search: dealName.toLowerCase(),
        pipelineId: DEFAULT_PIPELINE_ID,
        stage: stage.key,
        amountCents: Math.floor(random() * 5_000_000),
        currency: 'USD',
        probability: stage.probability,
        ownerId: customer.ownerId,
        rank: ranks.get(stage.key)![n]!,
        ...(stage.kind !== 'open' ? { closedAt: new Date(created + 30 * DAY) } : {}),
        ...(stage.kind === 'lost' ? { lostReason: pick(['Price', 'Timing', 'Chose a competitor']) } : {}),
        ...stamp(created + 5000),
      });
      for (let k = 0; k < SCALE.interactionsEach; k++) {
        const type = pick(TYPES);
        const subject = pick(SUBJECTS);
        const text = notes(random);
        const date = now - Math.floor(random() * 365 * DAY);
        out.interactions.push({ _id: new ObjectId(), customerId, contactId: pick(contactIds), type, date: new Date(date), subject, notes: text, durationMinutes: 30, userId: pick(users), search: `${type} ${subject} ${text}`.toLowerCase(), ...stamp(date) });
      }
      if (i % tasksEvery === 0) {
        const due = new Date(now + Math.floor((random() - 0.3) * 30 * DAY));
        const dueAt = random() < 0.5 ? due.toISOString().slice(0, 10) : due.toISOString();
        const title = `${pick(['Call', 'Email', 'Send proposal to', 'Meet'])} ${customer.name}`;
        const done = random() < 0.3;
        out.tasks.push({
          _id: new ObjectId(),
          title,
          titleSort: title.toLowerCase(),
          type: pick(TASK_TYPES),
          dueAt,
          dueSort: dueAt.length === 10 ? new Date(Date.parse(`${dueAt}T00:00:00Z`) + DAY - 1) : due,
          assigneeId: pick(users),
          customerId,
          done,
          ...(done ? { completedAt: new Date(now - DAY), completedBy: pick(users) } : {}),
          search: title.toLowerCase(),
          ...stamp(now - 10 * DAY),
        });
      }
    }
    yield out;
  }
}
