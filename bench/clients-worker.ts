import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { ChangeEvent, ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';

/** What `fanout-scenario.ts` asks of this worker. */
export interface FanoutJob {
  url: string;
  sockets: number;
  rounds: number;
  /** Rounds run first and not recorded (JIT, connection set-up). */
  warmupRounds: number;
  pauseMs: number;
  /** A round whose change has not reached every socket by then counts the missing ones. */
  timeoutMs: number;
  /** Shoal: PATCH this customer. Baseline: POST this event to /change with a new version each round. */
  /** Shoal: PATCH this customer, or move this deal between two columns. Baseline: POST this event to /change with a new version each round. */
  target: { kind: 'shoal'; customerId: string } | { kind: 'move'; opportunityId: string } | { kind: 'baseline'; event: ChangeEvent };
  /** Shoal's bearer token, for the REST calls and the sockets. */
  token?: string;
}

export interface FanoutResult {
  /** Milliseconds from sending the request to a socket's receiving the change, one per socket and round. */
  delivery: number[];
  /** Milliseconds from sending the request to the end of the REST response, one per round. */
  rest: number[];
  /**
   * Milliseconds from the end of the REST response to a socket's receiving the change (0 when
   * it arrived first), one per socket and round: how long a change takes to reach everyone once
   * the server has acknowledged it.
   */
  afterResponse: number[];
  /** Deliveries that did not arrive within `timeoutMs`. */
  missing: number;
  connectMs: number;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const job = workerData as FanoutJob;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      job.url + path,
      {
        method,
        agent,
        headers: {
          ...(job.token ? { Authorization: `Bearer ${job.token}` } : {}),
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function connect(index: number): Promise<ClientSocket> {
  const socket: ClientSocket = io(job.url, {
    transports: ['websocket'],
    auth: job.token ? { token: job.token } : { client: index },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The round in flight: which change it waits for and who has seen it. */
let round: { version: number; t0: number; seen: Uint8Array; left: number; done: () => void; latencies: number[]; arrivals: number[] } | undefined;

const started = performance.now();
const sockets: ClientSocket[] = [];
for (let i = 0; i < job.sockets; i += 25) {
  const batch = await Promise.all(Array.from({ length: Math.min(25, job.sockets - i) }, (_, k) => connect(i + k)));
  sockets.push(...batch);
}
const connectMs = performance.now() - started;

const matches = (event: ChangeEvent, version: number) =>
  event.version === version &&
  (job.target.kind === 'baseline' ||
    (job.target.kind === 'shoal' && event.entity === 'customer' && event.id === job.target.customerId) ||
    (job.target.kind === 'move' && event.entity === 'opportunity' && event.op === 'moved' && event.id === job.target.opportunityId));

sockets.forEach((socket, index) => {
  socket.on('change', (event) => {
    const r = round;
    if (!r || r.seen[index] || !matches(event, r.version)) return;
    r.seen[index] = 1;
    const now = performance.now();
    r.latencies.push(now - r.t0);
    r.arrivals.push(now);
    if (--r.left === 0) r.done();
  });
});

let version: number;
if (job.target.kind !== 'baseline') {
  const current = await send('GET', job.target.kind === 'shoal' ? `/api/customers/${job.target.customerId}` : `/api/opportunities/${job.target.opportunityId}`);
  if (current.status !== 200) throw new Error(`GET customer answered ${current.status}`);
  version = (JSON.parse(current.text) as { version: number }).version;
} else {
  version = job.target.event.version;
}

const result: FanoutResult = { delivery: [], rest: [], afterResponse: [], missing: 0, connectMs };
for (let i = 0; i < job.warmupRounds + job.rounds; i++) {
  version += 1;
  const phone = `+1 202 555 ${String(i).padStart(4, '0')}`;
  let timer: NodeJS.Timeout | undefined;
  const delivered = new Promise<void>((resolve) => {
    round = { version, t0: 0, seen: new Uint8Array(sockets.length), left: sockets.length, done: resolve, latencies: [], arrivals: [] };
    timer = setTimeout(resolve, job.timeoutMs);
  });
  const target = job.target;
  const t0 = performance.now();
  round!.t0 = t0;
  const answered =
    target.kind === 'shoal'
      ? send('PATCH', `/api/customers/${target.customerId}`, { phone })
      : target.kind === 'move'
        ? send('POST', `/api/opportunities/${target.opportunityId}/move`, { stage: i % 2 ? 'qualification' : 'proposal' })
        : send('POST', '/change', { ...target.event, seq: version, version, at: new Date().toISOString(), data: { ...target.event.data, phone, version } });
  const response = await answered;
  const respondedAt = performance.now();
  const restMs = respondedAt - t0;
  if (response.status !== 200) throw new Error(`round ${i}: the change request answered ${response.status}: ${response.text}`);
  await delivered;
  clearTimeout(timer);
  const finished = round!;
  round = undefined;
  if (i >= job.warmupRounds) {
    result.rest.push(restMs);
    result.delivery.push(...finished.latencies);
    result.afterResponse.push(...finished.arrivals.map((at) => Math.max(0, at - respondedAt)));
    result.missing += finished.left;
  }
  await new Promise((r) => setTimeout(r, job.pauseMs));
}

for (const socket of sockets) socket.disconnect();
agent.destroy();
parentPort!.postMessage(result);
