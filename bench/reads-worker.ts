import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** Requests to time, `concurrency` at a time, from a worker thread (not the servers' event loop). */
export interface TimingJob {
  urls: string[];
  headers: Record<string, string>;
  concurrency: number;
}

/** Milliseconds of each request, in the order they finished; or the first failure. */
export type TimingResult = { ms: number[] } | { error: string };

const job = workerData as TimingJob;
// node:http with kept-alive connections, one per client, rather than fetch: undici's fetch took
// about 1 ms of this thread's CPU per request against 0.4 ms here (4,000 requests of 21 KB, 10 at
// a time), on a machine whose two cores the server under test shares with this client.
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const get = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, { agent, headers: job.headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
const ms: number[] = [];
let next = 0;
let failure: string | undefined;
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.urls.length && !failure) {
      const url = job.urls[next++]!;
      const started = performance.now();
      const status = await get(url).catch((error: unknown) => {
        failure = `${url}: ${String(error)}`;
        return 0;
      });
      if (status !== 200 && !failure) failure = `${url}: ${status}`;
      ms.push(performance.now() - started);
    }
  }),
);
agent.destroy();
parentPort!.postMessage(failure ? { error: failure } : { ms });
