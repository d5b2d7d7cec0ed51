import type { Db } from 'mongodb';
import { io } from 'socket.io-client';
import type { ChangeEvent } from '../shared/events.js';
import { generateCustomers, type SeedCustomer } from './seed.js';

export interface BatchScenarioResult {
  customers: number;
  /** Customers a second, per block, and over all blocks. */
  raw: { rate: number; blocks: number[] };
  shoal: { rate: number; blocks: number[] };
  /** Socket messages one connected client got for Shoal's 10,000 creates, and the changes in them. */
  messages: number;
  changesSeen: number;
}

const PER_REQUEST = 1_000;
const PER_BLOCK = 5_000;

/** The fields `POST /api/customers` takes, from a customer as the service stores it. */
const inputOf = ({ name, email, phone, industry, tags }: SeedCustomer) => ({ name, email, ...(phone ? { phone } : {}), ...(industry ? { industry } : {}), ...(tags ? { tags } : {}) });

/**
 * SPEC section 8, batch create of 10,000 customers: Shoal's `POST /api/customers/batch`
 * (1,000 a request, through validation, the record service and the event log) against the raw
 * driver's `insertMany` of the same documents (1,000 a call) into a collection with the same
 * indexes, in alternating blocks of 5,000 (raw, Shoal, Shoal, raw). A socket client counts the
 * messages Shoal's changes arrive in.
 */
export async function runBatchScenario(options: { rawDb: Db; url: string; token: string; log: (l: string) => void }): Promise<BatchScenarioResult> {
  const { rawDb, url, token, log } = options;
  const all = generateCustomers(4 * PER_BLOCK, 77);
  const rawDocs = all.slice(0, 2 * PER_BLOCK);
  const shoalInputs = all.slice(2 * PER_BLOCK).map(inputOf);
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let messages = 0;
  let changesSeen = 0;
  socket.on('change', () => {
    messages++;
    changesSeen++;
  });
  socket.on('changes', (events: ChangeEvent[]) => {
    messages++;
    changesSeen += events.length;
  });

  async function rawBlock(docs: SeedCustomer[]): Promise<number> {
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += PER_REQUEST) await rawDb.collection('customers').insertMany(docs.slice(i, i + PER_REQUEST).map((d) => ({ ...d })), { ordered: false });
    return docs.length / ((performance.now() - t0) / 1000);
  }
  async function shoalBlock(inputs: ReturnType<typeof inputOf>[]): Promise<number> {
    const t0 = performance.now();
    for (let i = 0; i < inputs.length; i += PER_REQUEST) {
      const res = await fetch(`${url}/api/customers/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ create: inputs.slice(i, i + PER_REQUEST) }),
      });
      const body = (await res.json()) as { failed: number };
      if (res.status !== 200 || body.failed) throw new Error(`batch answered ${res.status} with ${body.failed} failed`);
    }
    return inputs.length / ((performance.now() - t0) / 1000);
  }

  try {
    const raw: number[] = [];
    const shoal: number[] = [];
    raw.push(await rawBlock(rawDocs.slice(0, PER_BLOCK)));
    shoal.push(await shoalBlock(shoalInputs.slice(0, PER_BLOCK)));
    shoal.push(await shoalBlock(shoalInputs.slice(PER_BLOCK)));
    raw.push(await rawBlock(rawDocs.slice(PER_BLOCK)));
    const deadline = Date.now() + 10_000;
    while (changesSeen < shoalInputs.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const harmonic = (rates: number[]) => rates.length / rates.reduce((sum, r) => sum + 1 / r, 0);
    log(`  raw ${raw.map((r) => r.toFixed(0)).join(', ')} customers/s; Shoal ${shoal.map((r) => r.toFixed(0)).join(', ')} customers/s; ${messages} socket messages`);
    return { customers: shoalInputs.length, raw: { rate: harmonic(raw), blocks: raw }, shoal: { rate: harmonic(shoal), blocks: shoal }, messages, changesSeen };
  } finally {
    socket.disconnect();
  }
}
