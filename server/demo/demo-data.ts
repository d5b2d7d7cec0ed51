import { Faker, en } from '@faker-js/faker';
import { LOST_REASONS } from '../../shared/lost-reasons.js';
import type { Actor } from '../../shared/common.js';
import type { ContactCreate } from '../../shared/contact.js';
import type { CustomerCreate } from '../../shared/customer.js';
import type { InteractionCreate, InteractionType } from '../../shared/interaction.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';
import type { ContactService } from '../contacts/contact.service.js';
import type { CustomerService } from '../customers/customer.service.js';
import type { InteractionService } from '../interactions/interaction.service.js';
import type { OpportunityService } from '../opportunities/opportunity.service.js';
import type { TaskService } from '../tasks/task.service.js';
import { mentionMarkup } from '../../shared/mentions.js';
import type { TaskCreate, TaskType } from '../../shared/task.js';
import { AppError } from '../http/app-error.js';
import type { ItemContext } from '../records/record.service.js';
import type { UserService } from '../users/user.service.js';

/** How much demo data to make (SPEC: a realistic team). */
export interface DemoSize {
  reps: number;
  customers: number;
  contacts: number;
  opportunities: number;
  interactions: number;
  /** Tasks (default: one and a half per customer). */
  tasks?: number;
}
export const DEFAULT_DEMO_SIZE: DemoSize = { reps: 5, customers: 200, contacts: 600, opportunities: 400, interactions: 3_000, tasks: 300 };

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

/** The domain services, built with the clock the loader moves to backdate records. */
export interface DemoServices {
  customers: CustomerService;
  contacts: ContactService;
  opportunities: OpportunityService;
  interactions: InteractionService;
  tasks: TaskService;
}

const INDUSTRIES = ['Software', 'Retail', 'Healthcare', 'Manufacturing', 'Logistics', 'Financial services', 'Education', 'Energy', 'Hospitality', 'Construction', 'Media', 'Biotechnology'];
const TAGS = ['enterprise', 'smb', 'mid-market', 'renewal', 'priority', 'partner', 'trial', 'emea', 'apac', 'west', 'east'];
const DEAL_KINDS = ['Annual licence', 'Pilot', 'Expansion', 'Renewal', 'Onboarding package', 'Support plan', 'Platform upgrade', 'Team seats', 'Integration project'];
const INTERACTION_TYPES: InteractionType[] = ['call', 'call', 'email', 'email', 'email', 'meeting', 'note'];
const SUBJECTS: Record<InteractionType, string[]> = {
  call: ['Discovery call', 'Follow-up call', 'Pricing questions', 'Check-in', 'Renewal call', 'Technical questions'],
  meeting: ['Product demo', 'Quarterly review', 'On-site workshop', 'Kick-off meeting', 'Executive briefing'],
  email: ['Sent proposal', 'Shared case study', 'Contract draft', 'Meeting recap', 'Intro email', 'Pricing sheet'],
  note: ['Internal note', 'Champion identified', 'Budget approved', 'Risk: competitor involved', 'Next steps agreed'],
};
const NOTES = [
  'Walked through pricing for the larger tier.',
  'They want a security review before signing.',
  'Budget owner is the CFO; need a meeting with her.',
  'Asked for two customer references in their industry.',
  'Current vendor contract ends next quarter.',
  'Demo went well; the ops team liked the live board.',
  'Sent the revised proposal with a 10% multi-year discount.',
  'Legal is reviewing the MSA; expect comments next week.',
  'Champion is moving teams; find a new sponsor.',
  'Competitor offered a lower price; stress onboarding and support.',
  'Agreed on a two-week pilot with five seats.',
  'Follow up after their board meeting.',
  'Integration with their ERP is the main question.',
  'Procurement needs our W-9 and insurance certificate.',
  'Happy with the renewal terms; waiting on the PO.',
];

// How far deals got, roughly as a real pipeline looks: [last stage index, share].
const OUTCOMES: [number, number][] = [
  [0, 0.18],
  [1, 0.16],
  [2, 0.16],
  [3, 0.12],
  [4, 0.22],
  [5, 0.16],
];
const DAY = 24 * 60 * 60 * 1000;
const TASK_TYPES: TaskType[] = ['call', 'call', 'email', 'email', 'meeting', 'todo', 'todo', 'deadline'];
const TASK_TITLES: Record<TaskType, string[]> = {
  call: ['Call about the renewal', 'Follow-up call on pricing', 'Check in after the demo', 'Call the new sponsor', 'Discovery call'],
  meeting: ['Product demo for the ops team', 'Quarterly business review', 'Kick-off meeting', 'Security review meeting'],
  email: ['Send the revised proposal', 'Email the case study', 'Send the contract draft', 'Share the pricing sheet', 'Send the meeting recap'],
  todo: ['Prepare the security questionnaire', 'Update the forecast', 'Get legal to review the MSA', 'Find two references in their industry'],
  deadline: ['Proposal due', 'Contract signature deadline', 'Budget decision', 'Pilot ends'],
};
const TASK_NOTES = ['They asked for the numbers by end of day.', 'Bring the onboarding plan.', 'Confirm who signs on their side.', 'Ask about the ERP integration timeline.', 'Keep it short: 15 minutes.'];

/**
 * Loads a realistic sales team's data through the services, so every record takes the one
 * path of every change (rules, lock, event). The services run on a clock this loader moves,
 * so deals age through their stages over the last 12 months and the dashboard has history.
 */
export async function loadDemoData(options: {
  users: UserService;
  admin: Actor;
  services: DemoServices;
  setClock: (at: Date) => void;
  now: Date;
  size?: DemoSize;
  seed?: number;
  onProgress?: (progress: DemoProgress) => void;
}): Promise<DemoSize> {
  const { users, admin, services, setClock, now, size = DEFAULT_DEMO_SIZE, onProgress } = options;
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed ?? 20261124);
  const taskCount = size.tasks ?? Math.round(size.customers * 1.5);
  const total = size.reps + size.customers + size.contacts + size.opportunities + size.interactions + taskCount;
  let done = 0;
  let lastReport = 0;
  const step = (phase: string) => {
    done += 1;
    if (done === total || Date.now() - lastReport > 200) {
      lastReport = Date.now();
      onProgress?.({ phase, done, total });
    }
  };
  const yearAgo = now.getTime() - 365 * DAY;
  const at = (t: number) => setClock(new Date(Math.min(t, now.getTime())));
  const when = (t: number) => new Date(Math.min(t, now.getTime()));
  /**
   * Creates many records of one kind through the batch path (one write and one group of events
   * per 500, each record with its own author and time): thousands of creates one by one took
   * minutes on FerretDB.
   */
  async function createAll<I, R>(service: { createMany(inputs: I[], actor: Actor, each: readonly ItemContext[]): Promise<(R | AppError)[]>; batch<T>(work: () => Promise<T>): Promise<T> }, items: { input: I; by: Actor; at: number }[], phase: string): Promise<R[]> {
    const out: R[] = [];
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      const results = await service.batch(() => service.createMany(chunk.map((c) => c.input), admin, chunk.map((c) => ({ actor: c.by, at: when(c.at) }))));
      for (const r of results) {
        if (r instanceof AppError) throw r;
        out.push(r);
        step(phase);
      }
    }
    return out;
  }

  // The team.
  const team: User[] = [];
  const existing = new Set((await users.list()).map((u) => u.email.toLowerCase()));
  for (let i = 0; i < size.reps; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const email = `${first}.${last}@shoal-demo.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    if (!existing.has(email)) {
      existing.add(email);
      // Demo reps get a random password; an admin can set one on the Team page.
      team.push(await users.create({ name: `${first} ${last}`, email, password: faker.internet.password({ length: 20 }), role: 'rep' }, admin));
    }
    step('team');
  }
  const reps = team.length ? team : (await users.list()).filter((u) => u.active);
  const actorOf = (u: User): Actor => ({ id: u.id, name: u.name });

  // Customers, created over the year.
  const customers: { id: string; domain: string; owner: User; createdAt: number }[] = [];
  const customerItems: { input: CustomerCreate; by: Actor; at: number }[] = [];
  const domains = new Set<string>();
  for (let i = 0; i < size.customers; i++) {
    let company = faker.company.name();
    let domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
    while (domains.has(domain)) {
      company = `${company} ${faker.location.city()}`;
      domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
    }
    domains.add(domain);
    const owner = faker.helpers.arrayElement(reps);
    const createdAt = yearAgo + (i / size.customers) * 300 * DAY;
    customers.push({ id: '', domain, owner, createdAt });
    customerItems.push({
      input: {
        name: company,
        email: `${faker.helpers.arrayElement(['hello', 'info', 'sales', 'office', 'contact'])}@${domain}`,
        phone: faker.phone.number({ style: 'international' }),
        address: `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode()}`,
        website: `https://${domain}`,
        industry: faker.helpers.arrayElement(INDUSTRIES),
        ownerId: owner.id,
        tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
      },
      by: actorOf(owner),
      at: createdAt,
    });
  }
  (await createAll<CustomerCreate, { id: string }>(services.customers, customerItems, 'customers')).forEach((c, i) => (customers[i]!.id = c.id));

  // Contacts: a few people at each customer.
  const contactsOf = new Map<string, string[]>();
  const contactItems: { input: ContactCreate; by: Actor; at: number }[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < size.contacts; i++) {
    const customer = customers[i % customers.length]!;
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let email = `${first}.${last}@${customer.domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    for (let n = 2; emails.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
    emails.add(email);
    contactItems.push({
      input: { customerId: customer.id, name: `${first} ${last}`, email, phone: faker.phone.number({ style: 'international' }), position: faker.person.jobTitle() },
      by: actorOf(customer.owner),
      at: customer.createdAt + faker.number.int({ min: 0, max: 20 }) * DAY,
    });
  }
  for (const contact of await createAll<ContactCreate, { id: string; customerId: string }>(services.contacts, contactItems, 'contacts')) {
    contactsOf.set(contact.customerId, [...(contactsOf.get(contact.customerId) ?? []), contact.id]);
  }

  // Deals: each starts in Prospecting and moves through the stages to where it ends.
  const total_ = OUTCOMES.reduce((n, [, share]) => n + share, 0);
  const openDealsOf = new Map<string, string[]>();
  for (let i = 0; i < size.opportunities; i++) {
    const customer = faker.helpers.arrayElement(customers);
    const owner = faker.helpers.maybe(() => faker.helpers.arrayElement(reps), { probability: 0.3 }) ?? customer.owner;
    let pick = faker.number.float({ min: 0, max: total_ });
    let finalIndex = 0;
    for (const [index, share] of OUTCOMES) {
      if ((pick -= share) <= 0) {
        finalIndex = index;
        break;
      }
    }
    const start = Math.max(customer.createdAt, yearAgo) + faker.number.int({ min: 1, max: 60 }) * DAY;
    let t = Math.min(start, now.getTime() - 5 * DAY);
    at(t);
    const contactId = faker.helpers.maybe(() => faker.helpers.arrayElement(contactsOf.get(customer.id) ?? []), { probability: 0.7 });
    const deal = await services.opportunities.create(
      {
        customerId: customer.id,
        ...(contactId ? { contactId } : {}),
        name: `${faker.helpers.arrayElement(DEAL_KINDS)} – ${faker.helpers.arrayElement(['Q1', 'Q2', 'Q3', 'Q4', '2027', 'phase 2', 'EMEA', 'HQ'])}`,
        stage: 'prospecting',
        amount: faker.number.int({ min: 20, max: 2_500 }) * 100,
        currency: 'USD',
        expectedCloseDate: new Date(t + faker.number.int({ min: 30, max: 150 }) * DAY).toISOString().slice(0, 10),
        ownerId: owner.id,
      },
      actorOf(owner),
    );
    // Walk it to its last stage: open stages in order, then won, or lost from any open stage.
    const path: string[] = [];
    const lostAfter = faker.number.int({ min: 0, max: 3 });
    if (finalIndex <= 3) for (let s = 1; s <= finalIndex; s++) path.push(DEFAULT_STAGES[s]!.key);
    else if (finalIndex === 4) path.push('qualification', 'proposal', 'negotiation', 'won');
    else {
      for (let s = 1; s <= lostAfter; s++) path.push(DEFAULT_STAGES[s]!.key);
      path.push('lost');
    }
    let open = true;
    for (const stage of path) {
      t += faker.number.int({ min: 3, max: 30 }) * DAY;
      if (t > now.getTime()) break;
      open = stage !== 'won' && stage !== 'lost';
      at(t);
      await services.opportunities.patch(
        deal.id,
        stage === 'lost' ? { stage, lostReason: faker.helpers.arrayElement(LOST_REASONS) } : { stage },
        undefined,
        actorOf(owner),
      );
    }
    if (open) openDealsOf.set(customer.id, [...(openDealsOf.get(customer.id) ?? []), deal.id]);
    step('deals');
  }
  // A few notes mention a teammate (the admin among them), as reps do to pull someone in.
  const everyone = [...reps, ...(await users.list()).filter((u) => u.id === admin.id)];
  const mentionOf = (writer: User) => {
    const other = faker.helpers.arrayElement(everyone.filter((u) => u.id !== writer.id));
    return other ? ` ${mentionMarkup(other.name, other.id)} ${faker.helpers.arrayElement(['can you join the next call?', 'please review the terms.', 'FYI.', 'you know their CFO: any advice?'])}` : '';
  };

  // Interactions over the last 12 months, logged by the reps.
  const interactionItems: { input: InteractionCreate; by: Actor; at: number }[] = [];
  for (let i = 0; i < size.interactions; i++) {
    const customer = faker.helpers.arrayElement(customers);
    const rep = faker.helpers.maybe(() => faker.helpers.arrayElement(reps), { probability: 0.25 }) ?? customer.owner;
    const type = faker.helpers.arrayElement(INTERACTION_TYPES);
    const loggedAt = new Date(Math.max(customer.createdAt, yearAgo) + faker.number.float({ min: 0, max: 1 }) * (now.getTime() - Math.max(customer.createdAt, yearAgo)));
    const contactId = faker.helpers.maybe(() => faker.helpers.arrayElement(contactsOf.get(customer.id) ?? []), { probability: 0.6 });
    interactionItems.push({
      input: {
        customerId: customer.id,
        ...(contactId ? { contactId } : {}),
        type,
        date: loggedAt.toISOString(),
        subject: faker.helpers.arrayElement(SUBJECTS[type]),
        notes: faker.helpers.arrayElements(NOTES, { min: 1, max: 2 }).join(' ') + (i % 100 === 7 ? mentionOf(rep) : ''),
        ...(type === 'call' || type === 'meeting' ? { durationMinutes: faker.helpers.arrayElement([15, 20, 30, 45, 60, 90]) } : {}),
      },
      by: actorOf(rep),
      at: loggedAt.getTime(),
    });
  }
  await createAll(services.interactions, interactionItems, 'interactions');
  // Tasks: some overdue, some due today, some coming up (calls and meetings with a reminder),
  // some done; most a rep set for themselves, some given to them by a colleague.
  const startOfToday = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const taskItems: { input: TaskCreate; by: Actor; at: number }[] = [];
  for (let i = 0; i < taskCount; i++) {
    const customer = faker.helpers.arrayElement(customers);
    // Every 25th task goes to the admin who loaded the demo, so their inbox has something in it.
    const assignee = i % 25 === 3 ? everyone.find((u) => u.id === admin.id) ?? customer.owner : customer.owner;
    const creator = faker.helpers.maybe(() => faker.helpers.arrayElement(everyone), { probability: 0.2 }) ?? assignee;
    const type = faker.helpers.arrayElement(TASK_TYPES);
    const timed = type === 'call' || type === 'meeting';
    const bucket = i % 4; // 0 overdue, 1 today, 2 upcoming, 3 done
    const offsetDays = bucket === 0 ? -faker.number.int({ min: 1, max: 10 }) : bucket === 1 ? 0 : bucket === 2 ? faker.number.int({ min: 1, max: 21 }) : -faker.number.int({ min: 1, max: 30 });
    const dueMs = startOfToday + offsetDays * DAY + faker.number.int({ min: 9, max: 17 }) * 60 * 60 * 1000;
    const dueAt = timed ? new Date(dueMs).toISOString() : dayOf(dueMs);
    const remind = bucket === 2 && timed && faker.datatype.boolean() ? new Date(dueMs - 15 * 60 * 1000).toISOString() : undefined;
    const deal = faker.helpers.maybe(() => faker.helpers.arrayElement(openDealsOf.get(customer.id) ?? [undefined]), { probability: 0.5 });
    const contactId = type === 'call' || type === 'email' ? faker.helpers.maybe(() => faker.helpers.arrayElement(contactsOf.get(customer.id) ?? [undefined]), { probability: 0.7 }) : undefined;
    // Set a few days before it is due; done ones are written as completed by the assignee around when they were due.
    const setAt = Math.min(dueMs - faker.number.int({ min: 1, max: 7 }) * DAY, now.getTime() - 60 * 60 * 1000);
    const done = bucket === 3;
    taskItems.push({
      input: {
        title: faker.helpers.arrayElement(TASK_TITLES[type]),
        type,
        dueAt,
        ...(remind ? { remindAt: remind } : {}),
        assigneeId: assignee.id,
        customerId: customer.id,
        ...(contactId ? { contactId } : {}),
        ...(deal ? { opportunityId: deal } : {}),
        notes: faker.helpers.arrayElement(TASK_NOTES) + (i % 40 === 11 ? mentionOf(creator) : ''),
        done,
      },
      by: actorOf(done ? assignee : creator),
      at: done ? Math.min(dueMs, now.getTime() - 60 * 1000) : setAt,
    });
  }
  await createAll(services.tasks, taskItems, 'tasks');
  setClock(now);
  onProgress?.({ phase: 'done', done: total, total });
  return size;
}
