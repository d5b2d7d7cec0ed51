import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/** One autocannon run, for a time or for a number of requests. */
export interface LoadJob {
  url: string;
  connections: number;
  /** Seconds. */
  duration?: number;
  amount?: number;
  /** Request headers (Shoal's needs its bearer token). */
  headers?: Record<string, string>;
}

/** The run's result as autocannon gives it outside the main thread: unaggregated, for `aggregateResult`. */
export interface RawLoadResult {
  duration: number;
  '2xx': number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latencies: string;
}

const job = workerData as LoadJob;
const started = performance.now();
let lastResponse = started;
const instance = autocannon({ url: job.url, connections: job.connections, timeout: 120, headers: job.headers ?? {}, ...(job.amount ? { amount: job.amount } : { duration: job.duration ?? 8 }) });
instance.on('response', () => (lastResponse = performance.now()));
const result = (await instance) as RawLoadResult;
// autocannon notices that `amount` is reached only at its next one-second sample, so its
// duration is rounded up to a second: time a fixed-amount run to its last response instead.
if (job.amount) result.duration = (lastResponse - started) / 1000;
parentPort!.postMessage(result);
