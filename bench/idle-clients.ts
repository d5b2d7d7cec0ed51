/**
 * A child process of `npm run bench` (idle-scenario.ts): connects IDLE_COUNT Socket.IO
 * clients to IDLE_URL, tells its parent when they are all connected, and disconnects them when
 * told to stop. Apart from the server's process, so the server's memory is measured alone.
 */
import { io, type Socket } from 'socket.io-client';

const url = process.env.IDLE_URL!;
const token = process.env.IDLE_TOKEN!;
const count = Number(process.env.IDLE_COUNT ?? 1000);
const sockets: Socket[] = [];
let presenceMessages = 0;
let presenceBytes = 0;

const connectOne = () =>
  new Promise<void>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
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

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') process.send!({ type: 'report', connected: sockets.filter((s) => s.connected).length, presenceMessages, presenceBytes });
  if (message.type === 'stop') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
