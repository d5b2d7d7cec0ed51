/**
 * A child process of `npm run bench` (idle and soak scenarios): connects IDLE_COUNT Socket.IO
 * clients to IDLE_URL, tells its parent when they are all connected, records the `seq` of every
 * change each client receives, and disconnects them when told to stop. Apart from the server's
 * process, so the server's memory is measured alone.
 */
import { io, type Socket } from 'socket.io-client';

const url = process.env.IDLE_URL!;
const token = process.env.IDLE_TOKEN!;
const count = Number(process.env.IDLE_COUNT ?? 1000);
const sockets: Socket[] = [];
/** Per client: how many times it got each seq. */
const received: Map<number, number>[] = [];
let presenceMessages = 0;
let presenceBytes = 0;

const connectOne = () =>
  new Promise<void>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const seen = new Map<number, number>();
    received.push(seen);
    const count = (e: { seq: number }) => seen.set(e.seq, (seen.get(e.seq) ?? 0) + 1);
    socket.on('change', count);
    socket.on('changes', (events: { seq: number }[]) => events.forEach(count));
    socket.on('presence', (_room: string, entries: unknown[]) => {
      presenceMessages++;
      presenceBytes += JSON.stringify(entries).length;
    });
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
    sockets.push(socket);
  });

const started = performance.now();
for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, connectOne));
process.send!({ type: 'ready', connectMs: performance.now() - started });

process.on('message', (message: { type: string; from?: number; to?: number }) => {
  if (message.type === 'report') {
    // Changes from..to (when given): how many each client missed or got more than once.
    let missing = 0;
    let duplicates = 0;
    if (message.from !== undefined && message.to !== undefined) {
      for (const seen of received) {
        for (let seq = message.from; seq <= message.to; seq++) {
          const times = seen.get(seq) ?? 0;
          if (times === 0) missing++;
          if (times > 1) duplicates += times - 1;
        }
      }
    }
    process.send!({ type: 'report', connected: sockets.filter((s) => s.connected).length, presenceMessages, presenceBytes, missing, duplicates });
  }
  if (message.type === 'stop') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
