/** The part of autocannon 8's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** A number of requests to make instead of a duration. */
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
      pipelining?: number;
    }
    /** A histogram summary; latencies in milliseconds, requests per second. */
    interface Stats {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }
    interface Result {
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      latency: Stats;
      requests: Stats & { sent: number };
      throughput: Stats;
    }
  }
  /**
   * Outside the main thread it resolves with unaggregated results (encoded histograms), which
   * `aggregateResult` turns into a `Result`. The returned object also emits `response` per
   * response.
   */
  function autocannon(options: autocannon.Options): Promise<unknown> & import('node:events').EventEmitter;
  namespace autocannon {
    function aggregateResult(results: unknown[], options: Options): Result;
  }
  export = autocannon;
}
