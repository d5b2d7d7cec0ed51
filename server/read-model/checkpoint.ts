import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Connection } from 'mongoose';
import type { StageChange } from '../../shared/opportunity.js';
import type { Logger } from '../logger.js';
import type { ReadState, TableName } from './read-model.js';

const FORMAT = 'shoal-read-model/1';
const TAGS: Record<TableName, string> = { customer: 'c', contact: 'p', opportunity: 'o', interaction: 'i', task: 't' };
const BY_TAG = Object.fromEntries(Object.entries(TAGS).map(([name, tag]) => [tag, name as TableName]));

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
    const hash = createHash('sha256');
    let header: Header | undefined;
    let sealed = false;
    try {
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (sealed) throw new Error('data after the seal');
        if (line.startsWith('end\t')) {
          if (line.slice(4) !== hash.digest('hex')) throw new Error('checksum mismatch');
          sealed = true;
          continue;
        }
        hash.update(line + '\n');
        if (!header) {
          header = JSON.parse(line) as Header;
          if (header.format !== FORMAT) throw new Error(`unknown format ${String(header.format)}`);
          if (header.epoch !== expected) throw new Error('made for another database');
          s.seq = header.seq;
          continue;
        }
        const tab = line.indexOf('\t');
        const tag = line.slice(0, tab);
        const rest = line.slice(tab + 1);
        const table = BY_TAG[tag];
        if (table) s.tables[table].putJson(rest);
        else if (tag === 'h') {
          const [id, changes] = JSON.parse(rest) as [string, StageChange[]];
          s.history.set(id, changes);
        } else if (tag === 'u') {
          const [id, name] = JSON.parse(rest) as [string, string];
          s.users.set(id, name);
        } else throw new Error(`unknown line ${tag.slice(0, 10)}`);
      }
      if (!header || !sealed) throw new Error('incomplete');
      for (const [name, count] of Object.entries(header.counts) as [TableName, number][]) {
        if (s.tables[name].size !== count) throw new Error(`${name}: ${s.tables[name].size} records, the header says ${count}`);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      logger.warn({ reason: (error as Error).message, file }, 'read model checkpoint ignored');
      return undefined;
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
    // Rows never change in place, so references taken now are the state at this seq.
    const seq = state.seq;
    const rows = Object.fromEntries((Object.keys(TAGS) as TableName[]).map((name) => [name, [...state.tables[name].all()]])) as unknown as Record<TableName, { json: string }[]>;
    const history = [...state.history];
    const users = [...state.users];
    const header: Header = { format: FORMAT, seq, epoch: await epoch(), counts: Object.fromEntries(Object.entries(rows).map(([n, r]) => [n, r.length])) as Record<TableName, number> };
    await mkdir(deps.dir, { recursive: true });
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    const out = createWriteStream(temporary, { encoding: 'utf8' });
    const hash = createHash('sha256');
    let buffer = '';
    const put = async (line: string) => {
      buffer += line + '\n';
      if (buffer.length < 1 << 20) return;
      hash.update(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    };
    try {
      await put(JSON.stringify(header));
      for (const name of Object.keys(TAGS) as TableName[]) for (const row of rows[name]) await put(`${TAGS[name]}\t${row.json}`);
      for (const entry of history) await put(`h\t${JSON.stringify(entry)}`);
      for (const entry of users) await put(`u\t${JSON.stringify(entry)}`);
      hash.update(buffer);
      out.write(buffer);
      out.end(`end\t${hash.digest('hex')}\n`);
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
