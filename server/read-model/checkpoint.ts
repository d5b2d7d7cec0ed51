import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Connection } from 'mongoose';
import type { StageChange } from '../../shared/opportunity.js';
import type { Logger } from '../logger.js';
import { TABLE_NAMES, type ReadState, type TableName } from './read-model.js';
import type { BlockSink, BlockSource } from './storage.js';

/** Raised when what a checkpoint holds changes (4: custom fields' keys have posting lists; 5: records in RecordCodec's bytes; 6: ids as IdIndex's words; 7: posting keys as KeyCodes' bytes), so an older one is rebuilt, not misread. */
const FORMAT = 'shoal-read-model/7';

/** The first line of a checkpoint. */
interface Header {
  format: string;
  seq: number;
  /** The database's identity: a checkpoint of another database (or of a wiped one) is refused. */
  epoch: string;
  counts: Record<TableName, number>;
}

export interface Checkpoints {
  /** The state saved last, or undefined when there is none or it cannot be trusted. */
  read(empty: () => ReadState): Promise<ReadState | undefined>;
  write(state: ReadState): Promise<void>;
  /** Where the file is (tests damage it on purpose). */
  file: string;
}

/**
 * Checkpoints of the read model: a file of one line per record (its API JSON, as the read model
 * keeps it), per deal history and per user, under a header with the `seq` it reflects and the
 * database's identity, and a SHA-256 of it all as the last line. A start reads it and then
 * replays the events after its `seq`, instead of reading every collection (SPEC section 10:
 * reads within 30 s of a start). A damaged, foreign or unusable file is ignored: the read model
 * then loads from the database, never from a file it cannot trust. "Unusable": its `seq` is
 * ahead of the log (a database restored from an older backup) or the log no longer holds the
 * changes after it. Records written to the database behind Shoal's back (not through its API,
 * so without events) are not seen by any process until the checkpoint is deleted: the
 * README says so. (Counting the collections would see some of it, but FerretDB counts by
 * reading every document, a minute at the large data set.)
 */
export function createCheckpoints(deps: { dir: string; connection: Connection; logger: Logger }): Checkpoints {
  const file = path.join(deps.dir, `${deps.connection.name}.checkpoint`);
  const { logger } = deps;

  /** The database's identity, made on first use. */
  async function epoch(): Promise<string> {
    const meta = deps.connection.db!.collection<{ _id: string; value: string }>('shoal_meta');
    const found = await meta.findOne({ _id: 'epoch' });
    if (found) return found.value;
    try {
      await meta.insertOne({ _id: 'epoch', value: randomUUID() });
    } catch {
      // Another process made it first.
    }
    return (await meta.findOne({ _id: 'epoch' }))!.value;
  }

  async function read(empty: () => ReadState): Promise<ReadState | undefined> {
    const expected = await epoch();
    const s = empty();
    let handle: FileHandle | undefined;
    try {
      handle = await open(file, 'r');
      const source = blockReader(handle);
      const header = JSON.parse((await source.bytes()).toString('utf8')) as Header;
      if (header.format !== FORMAT) throw new Error(`unknown format ${String(header.format).slice(0, 40)}`);
      if (header.epoch !== expected) throw new Error('made for another database');
      s.seq = header.seq;
      for (const name of TABLE_NAMES) {
        await s.tables[name].read(source);
        if (s.tables[name].size !== header.counts[name]) throw new Error(`${name}: ${s.tables[name].size} records, the header says ${header.counts[name]}`);
      }
      for (const [id, changes] of JSON.parse((await source.bytes()).toString('utf8')) as [string, StageChange[]][]) s.history.set(id, changes);
      for (const [id, name] of JSON.parse((await source.bytes()).toString('utf8')) as [string, string][]) s.users.set(id, name);
      await source.end();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      logger.warn({ reason: (error as Error).message, file }, 'read model checkpoint ignored');
      return undefined;
    } finally {
      await handle?.close();
    }
    return s;
  }

  // One write at a time (a start's and a shutdown's may meet).
  let writing: Promise<void> = Promise.resolve();
  function write(state: ReadState): Promise<void> {
    const run = writing.then(() => writeNow(state));
    writing = run.catch(() => undefined);
    return run;
  }

  async function writeNow(state: ReadState): Promise<void> {
    const theEpoch = await epoch();
    await mkdir(deps.dir, { recursive: true });
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    const out = createWriteStream(temporary);
    const hash = createHash('sha256');
    const put = async (data: Uint8Array) => {
      hash.update(data);
      if (!out.write(data)) await once(out, 'drain');
    };
    const prefix = (length: number) => {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64LE(BigInt(length));
      return bytes;
    };
    const sink: BlockSink = {
      async bytes(data) {
        await put(prefix(data.byteLength));
        await put(data);
      },
      async parts(length, parts) {
        await put(prefix(length));
        let written = 0;
        let batch: Uint8Array[] = [];
        let size = 0;
        for (const part of parts) {
          batch.push(part);
          size += part.byteLength;
          if (size < 1 << 20) continue;
          await put(Buffer.concat(batch));
          written += size;
          (batch = []), (size = 0);
        }
        if (size) await put(Buffer.concat(batch));
        if (written + size !== length) throw new Error('a block is not the length it said');
      },
    };
    let seq = 0;
    try {
      // From here to the tables' first awaits, one turn of the event loop: the seq, the
      // histories, the users and every table (each holds still for its writer, table.ts) are
      // taken at one state; no change is applied in between.
      seq = state.seq;
      const counts = Object.fromEntries(TABLE_NAMES.map((n) => [n, state.tables[n].size])) as Record<TableName, number>;
      const header: Header = { format: FORMAT, seq, epoch: theEpoch, counts };
      const history = JSON.stringify([...state.history]);
      const users = JSON.stringify([...state.users]);
      let previous: Promise<unknown> = sink.bytes(Buffer.from(JSON.stringify(header)));
      // Each table then writes when the one before it is done.
      const writes = TABLE_NAMES.map((name) => {
        const turn = previous;
        const queued: BlockSink = {
          bytes: async (data) => (await turn, sink.bytes(data)),
          parts: async (length, parts) => (await turn, sink.parts(length, parts)),
        };
        return (previous = state.tables[name].write(queued));
      });
      await Promise.all(writes);
      await sink.bytes(Buffer.from(history));
      await sink.bytes(Buffer.from(users));
      out.end(hash.digest());
      await once(out, 'finish');
      await rename(temporary, file);
      logger.info({ seq, file }, 'read model checkpoint written');
    } catch (error) {
      out.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  }

  return { read, write, file };
}

/** Reads length-prefixed blocks from a checkpoint file, hashing them; `end` checks the seal. */
function blockReader(handle: FileHandle): BlockSource & { end(): Promise<void> } {
  const hash = createHash('sha256');
  let position = 0;
  const exactly = async (length: number): Promise<Buffer> => {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, position);
      if (!bytesRead) throw new Error('the file ends early');
      done += bytesRead;
      position += bytesRead;
    }
    return buffer;
  };
  return {
    async bytes() {
      const prefix = await exactly(8);
      hash.update(prefix);
      const length = Number(prefix.readBigUInt64LE());
      const { size } = await handle.stat();
      if (length > size - position) throw new Error('a block runs past the end of the file');
      const block = await exactly(length);
      hash.update(block);
      return block;
    },
    async end() {
      const seal = await exactly(32);
      if (!seal.equals(hash.digest())) throw new Error('checksum mismatch');
      const { size } = await handle.stat();
      if (position !== size) throw new Error('data after the seal');
    },
  };
}
