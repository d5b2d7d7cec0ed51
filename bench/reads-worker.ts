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
const ms: number[] = [];
let next = 0;
let failure: string | undefined;
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.urls.length && !failure) {
      const url = job.urls[next++]!;
      const started = performance.now();
      const res = await fetch(url, { headers: job.headers });
      await res.arrayBuffer();
      if (res.status !== 200) failure = `${url}: ${res.status}`;
      ms.push(performance.now() - started);
    }
  }),
);
parentPort!.postMessage(failure ? { error: failure } : { ms });
