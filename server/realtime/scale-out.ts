import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { ChangeEvent } from '../../shared/events.js';
import type { AccessChannel, AccessNotice } from '../auth/auth.service.js';
import type { EventLog } from '../events/event.service.js';
import type { Logger } from '../logger.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects `client`, or fails after 10 s with one clear message (node-redis would otherwise
 * keep retrying the first connection for ever); later drops are retried by node-redis.
 */
async function connected<C extends ReturnType<typeof createClient>>(client: C, url: string, logger: Logger): Promise<C> {
  let last: unknown;
  const remember = (error: unknown) => (last = error);
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    client.destroy();
    const where = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new Error(`Cannot reach Redis at ${where} (REDIS_URL): ${String((last as Error | undefined)?.message ?? error)}. Start Redis or unset REDIS_URL to run one Shoal process without it.`);
  } finally {
    clearTimeout(timer);
    client.off('error', remember);
  }
  client.on('error', (error) => logger.warn({ err: error }, 'Redis error; retrying'));
  return client;
}

/** What several Shoal processes share through Redis. */
export interface ScaleOut {
  /** The Socket.IO adapter: rooms, broadcasts, presence and connection state recovery across processes. */
  adapter: ReturnType<typeof createAdapter>;
  /** The Redis client and key prefix for locks shared by the processes (server/lib/cluster-lock.ts). */
  redis: { client: ReturnType<typeof createClient>; prefix: string };
  /** Ended credentials and changed users, to every other process (server/auth/auth.service.ts). */
  access: AccessChannel & { subscribe(listener: (notice: AccessNotice) => void): void };
  close(): Promise<void>;
}

/**
 * With `REDIS_URL`: Socket.IO's Redis Streams adapter (the one that keeps connection state
 * recovery working across processes), and a channel on which each process publishes the
 * changes it appends, so the others keep their in-memory roll-ups (board, dashboard) and their
 * `seq` counter current. Broadcasting to browsers is the adapter's work, not the channel's.
 * `namespace` keeps deployments (or test runs) that share one Redis apart.
 */
export async function connectScaleOut(options: { url: string; namespace: string; events: EventLog; logger: Logger }): Promise<ScaleOut> {
  const { url, namespace, events, logger } = options;
  const client = await connected(createClient({ url }), url, logger);
  const subscriber = await connected(client.duplicate(), url, logger);

  const origin = randomUUID();
  const channel = `shoal:${namespace}:changes`;
  await subscriber.subscribe(channel, (message) => {
    try {
      const { from, changes } = JSON.parse(message) as { from: string; changes: ChangeEvent[] };
      if (from !== origin) events.receive(changes);
    } catch (error) {
      logger.warn({ err: error }, 'unreadable change from another Shoal process');
    }
  });
  const accessChannel = `shoal:${namespace}:access`;
  const accessListeners = new Set<(notice: AccessNotice) => void>();
  await subscriber.subscribe(accessChannel, (message) => {
    try {
      const { from, notice } = JSON.parse(message) as { from: string; notice: AccessNotice };
      if (from !== origin) for (const listener of accessListeners) listener(notice);
    } catch (error) {
      logger.warn({ err: error }, 'unreadable access notice from another Shoal process');
    }
  });
  const unsubscribe = events.subscribeBroadcast((changes) => {
    client.publish(channel, JSON.stringify({ from: origin, changes })).catch((error) => logger.warn({ err: error }, 'could not publish a change to the other Shoal processes'));
  });

  return {
    redis: { client, prefix: `shoal:${namespace}:lock:` },
    access: {
      // PUBLISH answers once Redis has handed the message to every subscriber's connection.
      publish: async (notice) => void (await client.publish(accessChannel, JSON.stringify({ from: origin, notice }))),
      subscribe: (listener) => void accessListeners.add(listener),
    },
    adapter: createAdapter(client, { streamName: `shoal:${namespace}:socket.io`, channelPrefix: `shoal:${namespace}:socket.io`, sessionKeyPrefix: `shoal:${namespace}:session:` }),
    async close() {
      unsubscribe();
      await subscriber.quit().catch(() => undefined);
      await client.quit().catch(() => undefined);
    },
  };
}
