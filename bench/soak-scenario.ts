import { generateCustomers } from './seed.js';
import { mb, memory, spawnClients } from './idle-scenario.js';

export interface SoakScenarioResult {
  clients: number;
  seconds: number;
  /** Changes asked for a second, and changes made (answered 200). */
  rate: number;
  changes: number;
  /** Changes in the log over the run (equal to `changes`: nothing else changed). */
  logged: number;
  failedRequests: number;
  /** Over all clients: changes never received, and received more than once. */
  missing: number;
  duplicates: number;
  /** The server's resident memory (MB, after a collection) every `sampleSeconds`. */
  rss: number[];
  heap: number[];
  sampleSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SPEC section 9, soak: `clients` Socket.IO clients (a child process) while a REST client makes
 * `rate` changes a second (PATCHes of 50 customers in turn) for `seconds`; then every client's
 * changes are checked against the log's seq range (none missing, none twice), and the server's
 * memory is sampled all along.
 */
export async function runSoakScenario(options: { url: string; token: string; clients: number; rate: number; seconds: number; log: (l: string) => void }): Promise<SoakScenarioResult> {
  const { url, token, log } = options;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ids: string[] = [];
  for (const c of generateCustomers(50, 9)) {
    const res = await fetch(`${url}/api/customers`, { method: 'POST', headers, body: JSON.stringify({ name: c.name, email: c.email }) });
    ids.push(((await res.json()) as { id: string }).id);
  }
  const latest = async () => Number((await fetch(`${url}/api/events?after=0&limit=1`, { headers })).headers.get('x-latest-seq'));
  const clients = await spawnClients(url, token, options.clients);
  const sampleSeconds = 15;
  const rss: number[] = [];
  const heap: number[] = [];
  try {
    log(`  ${options.clients} clients connected; ${options.rate} changes a second for ${options.seconds} s...`);
    const from = (await latest()) + 1;
    let changes = 0;
    let failedRequests = 0;
    let inFlight = 0;
    const started = Date.now();
    let nextSample = started;
    for (let n = 0; Date.now() - started < options.seconds * 1000; n++) {
      // Paced by the clock, not by the answers: a slow answer does not slow the rate.
      const due = started + (n * 1000) / options.rate;
      if (due > Date.now()) await sleep(due - Date.now());
      inFlight++;
      void fetch(`${url}/api/customers/${ids[n % ids.length]}`, { method: 'PATCH', headers, body: JSON.stringify({ phone: `+1 555 ${String(n).padStart(7, '0')}` }) })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status === 200) changes++;
          else failedRequests++;
        })
        .catch(() => failedRequests++)
        .finally(() => inFlight--);
      if (Date.now() >= nextSample) {
        nextSample += sampleSeconds * 1000;
        const m = await memory();
        rss.push(mb(m.rss));
        heap.push(mb(m.heapUsed));
      }
    }
    while (inFlight > 0) await sleep(20);
    const to = await latest();
    await sleep(2_000); // the last changes reach the clients
    const m = await memory();
    rss.push(mb(m.rss));
    heap.push(mb(m.heapUsed));
    const report = await clients.report({ from, to });
    log(`  ${changes} changes (seq ${from}-${to}); ${report.missing} missing and ${report.duplicates} duplicate deliveries over ${options.clients} clients`);
    return {
      clients: options.clients,
      seconds: options.seconds,
      rate: options.rate,
      changes,
      failedRequests,
      logged: to - from + 1,
      missing: report.missing!,
      duplicates: report.duplicates!,
      rss,
      heap,
      sampleSeconds,
    };
  } finally {
    await clients.stop();
  }
}
