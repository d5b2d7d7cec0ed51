import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface IdleScenarioResult {
  clients: number;
  connectMs: number;
  /** The server process's resident memory (after a garbage collection), in MB. */
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  /** Clients still connected when measured. */
  connected: number;
  /** Presence lists the clients received while connecting and settling, and their size. */
  presenceMessages: number;
  presenceMb: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

/** After a full collection (`npm run bench` runs with --expose-gc), so what stays is measured. */
export async function memory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(100);
  }
  return process.memoryUsage();
}

/** Socket.IO clients in a child process (socket-clients.ts), and how to talk to it. */
export async function spawnClients(url: string, token: string, count: number) {
  const child = fork(path.join(here, 'socket-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, IDLE_URL: url, IDLE_TOKEN: token, IDLE_COUNT: String(count) },
  });
  const next = (type: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onMessage = (m: { type: string } & Record<string, number>) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the clients' process exited (${code}) before "${type}"`)));
    });
  const { connectMs } = await next('ready');
  return {
    connectMs: connectMs!,
    /** Asks for the clients' counts; with a seq range, what each missed or got twice. */
    report(range?: { from: number; to: number }) {
      child.send({ type: 'report', ...range });
      return next('report');
    },
    async stop() {
      child.send({ type: 'stop' });
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/**
 * SPEC section 8, 1,000 idle connected clients: the server's resident memory before and after
 * 1,000 authenticated Socket.IO clients (websocket) connect from a child process and sit idle.
 */
export async function runIdleScenario(options: { url: string; token: string; clients: number; log: (l: string) => void }): Promise<IdleScenarioResult> {
  const before = await memory();
  const clients = await spawnClients(options.url, options.token, options.clients);
  try {
    options.log(`  ${options.clients} clients connected in ${(clients.connectMs / 1000).toFixed(1)} s; letting presence settle...`);
    await sleep(3_000);
    const after = await memory();
    const report = await clients.report();
    return {
      clients: options.clients,
      connectMs: clients.connectMs,
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      heapBeforeMb: mb(before.heapUsed),
      heapAfterMb: mb(after.heapUsed),
      connected: report.connected!,
      presenceMessages: report.presenceMessages!,
      presenceMb: mb(report.presenceBytes!),
    };
  } finally {
    await clients.stop();
  }
}
