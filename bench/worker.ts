import { Worker } from 'node:worker_threads';

/**
 * Runs a TypeScript module of bench/ in a worker thread of this process and resolves with the
 * first message it posts. Load generators run there so they do not share the event loop of
 * the servers they measure. (`execArgv: ['--import', 'tsx']` does not reach worker entry
 * points on Node 20, hence tsx's `tsImport` from a small evaluated loader.)
 */
export function runWorker<Result>(module: URL, workerData: unknown): Promise<Result> {
  const loader = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(module.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Promise<Result>((resolve, reject) => {
    const worker = new Worker(loader, { eval: true, workerData });
    let settled = false;
    worker.once('message', (message: Result) => {
      settled = true;
      resolve(message);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`benchmark worker ${module.pathname} exited with code ${code} before answering`));
    });
  });
}
