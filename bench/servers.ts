import type http from 'node:http';

/** Listens on a free loopback port and resolves with the base URL. */
export function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(`http://127.0.0.1:${address.port}`);
      else reject(new Error('the server has no port'));
    });
  });
}

/** Closes a server and every connection still open on it. */
export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * Counts the requests `server` is still answering, so a measurement can wait until the
 * previous one has stopped loading the engine (requests abandoned by a load generator keep
 * running on the server and in the database).
 */
export function trackInFlight(server: http.Server): { count(): number; idle(timeoutMs: number): Promise<void>; stop(): void } {
  let inFlight = 0;
  const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
  };
  server.on('request', onRequest);
  return {
    count: () => inFlight,
    idle: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
    stop: () => server.off('request', onRequest),
  };
}
