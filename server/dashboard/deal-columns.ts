import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES, type Stage } from '../../shared/stage.js';
import { grown, Interner, Slots } from './columns.js';

const OPEN = 0;
const WON = 1;
const LOST = 2;

/**
 * Every stage of every pipeline as a small number (a stage key is unique only within its
 * pipeline), with what the figures need of it: its kind, probability, pipeline and place in
 * that pipeline's board order (-1 once removed). Kept current from the pipelines (`sync`); a
 * removed stage keeps its number and last kind, since deals' histories still name it.
 */
export class StageIndex {
  readonly #numbers = new Map<string, number>();
  /** The stage key, name (as last synced) and pipeline id of each number. */
  readonly keys: string[] = [];
  readonly names: string[] = [];
  readonly pipelineOf: string[] = [];
  kind = new Uint8Array(16);
  probability = new Float64Array(16);
  position = new Int16Array(16);
  /** The pipelines in the order `sync` gave them, each with its stage numbers in board order. */
  order: { id: string; stages: number[] }[] = [];

  constructor() {
    this.sync([{ id: DEFAULT_PIPELINE_ID, stages: DEFAULT_STAGES }]);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The number of a pipeline's stage, made on first use (an unknown one counts as open until synced). */
  number(pipelineId: string, key: string): number {
    const name = `${pipelineId}\u0000${key}`;
    let n = this.#numbers.get(name);
    if (n === undefined) {
      n = this.keys.length;
      this.#numbers.set(name, n);
      this.keys.push(key);
      this.names.push(key);
      this.pipelineOf.push(pipelineId);
      if (n >= this.kind.length) {
        this.kind = grown(this.kind, n * 2);
        this.probability = grown(this.probability, n * 2);
        this.position = grown(this.position, n * 2);
      }
      this.position[n] = -1;
    }
    return n;
  }

  /** Takes the pipelines' current stages: kinds, probabilities, board order. */
  sync(pipelines: readonly { id: string; stages: readonly Stage[] }[]): void {
    for (let n = 0; n < this.keys.length; n++) this.position[n] = -1;
    this.order = pipelines.map((p) => ({
      id: p.id,
      stages: p.stages.map((stage, i) => {
        const n = this.number(p.id, stage.key);
        this.kind[n] = stage.kind === 'open' ? OPEN : stage.kind === 'won' ? WON : LOST;
        this.probability[n] = stage.probability;
        this.position[n] = i;
        this.names[n] = stage.name;
        return n;
      }),
    }));
  }

}

/** A deal as the dashboard needs it: where it is, its money, and when it entered each stage. */
export interface DealFact {
  version: number;
  customerId: string;
  /** Its pipeline (default: the default pipeline); the path's stages are of it. */
  pipelineId?: string | undefined;
  ownerId?: string | undefined;
  stage: string;
  amountCents: number;
  probability: number;
  createdAt: number;
  lostReason?: string | undefined;
  /** [stage, entered at], oldest first; the first entry is its creation. */
  path: [string, number][];
}

/** No owner, or no lost reason. */
export const NONE = -1;

/**
 * Deals stored by column in typed arrays, as the interactions are: a dashboard request is one
 * pass over numbers, with no object or string per deal to chase. Each deal's stage path lives
 * in two shared arrays (`pathStage`, `pathAt`) at `pathStart`, `pathLength` entries long.
 */
export class DealColumns {
  readonly #slots = new Slots((size) => {
    this.live = grown(this.live, size);
    this.version = grown(this.version, size);
    this.customer = grown(this.customer, size);
    this.owner = grown(this.owner, size);
    this.stage = grown(this.stage, size);
    this.pipeline = grown(this.pipeline, size);
    this.amount = grown(this.amount, size);
    this.probability = grown(this.probability, size);
    this.createdAt = grown(this.createdAt, size);
    this.lastAt = grown(this.lastAt, size);
    this.reason = grown(this.reason, size);
    this.pathStart = grown(this.pathStart, size);
    this.pathLength = grown(this.pathLength, size);
    this.pathRoom = grown(this.pathRoom, size);
  });
  /** Stage numbers (`stage`, `pathStage`) across pipelines. */
  readonly stages = new StageIndex();
  readonly pipelines = new Interner();
  readonly customers = new Interner();
  readonly owners = new Interner();
  readonly reasons = new Interner();
  /** 1 where the slot holds a deal. */
  live = new Uint8Array(this.#slots.capacity);
  version = new Uint32Array(this.#slots.capacity);
  customer = new Uint32Array(this.#slots.capacity);
  owner = new Int32Array(this.#slots.capacity);
  stage = new Uint16Array(this.#slots.capacity);
  pipeline = new Uint16Array(this.#slots.capacity);
  amount = new Float64Array(this.#slots.capacity);
  probability = new Float64Array(this.#slots.capacity);
  createdAt = new Float64Array(this.#slots.capacity);
  /** When it entered its current stage (its path's last entry). */
  lastAt = new Float64Array(this.#slots.capacity);
  reason = new Int32Array(this.#slots.capacity);
  pathStart = new Uint32Array(this.#slots.capacity);
  pathLength = new Uint32Array(this.#slots.capacity);
  /** How many path entries fit at `pathStart` before the next deal's. */
  pathRoom = new Uint32Array(this.#slots.capacity);
  pathStage = new Uint16Array(4096);
  pathAt = new Float64Array(4096);
  #pathUsed = 0;

  /** How many slots to scan (some may be free). */
  get length(): number {
    return this.#slots.length;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The deal's version and path, or undefined when it is not known. */
  get(id: string): { version: number; stage: string; path: [string, number][] } | undefined {
    const i = this.#slots.find(id);
    if (i === undefined) return undefined;
    const path: [string, number][] = [];
    for (let k = this.pathStart[i]!, end = k + this.pathLength[i]!; k < end; k++) path.push([this.stages.keys[this.pathStage[k]!]!, this.pathAt[k]!]);
    return { version: this.version[i]!, stage: this.stages.keys[this.stage[i]!]!, path };
  }

  set(id: string, fact: DealFact): void {
    const i = this.#slots.take(id);
    this.live[i] = 1;
    this.version[i] = fact.version;
    this.customer[i] = this.customers.number(fact.customerId);
    this.owner[i] = fact.ownerId ? this.owners.number(fact.ownerId) : NONE;
    const pipelineId = fact.pipelineId ?? DEFAULT_PIPELINE_ID;
    this.pipeline[i] = this.pipelines.number(pipelineId);
    this.stage[i] = this.stages.number(pipelineId, fact.stage);
    this.amount[i] = fact.amountCents;
    this.probability[i] = fact.probability;
    this.createdAt[i] = fact.createdAt;
    this.reason[i] = fact.lostReason ? this.reasons.number(fact.lostReason) : NONE;
    this.#setPath(i, pipelineId, fact.path);
  }

  delete(id: string): void {
    const i = this.#slots.release(id);
    if (i === undefined) return;
    this.live[i] = 0;
    // Its path room goes back to the pool at the next packing.
    this.pathRoom[i] = 0;
  }

  /** Removes every deal of a customer (it was deleted with them). */
  deleteCustomer(customerId: string): void {
    const c = this.customers.find(customerId);
    if (c === undefined) return;
    for (const [id, i] of [...this.#slots.entries()]) if (this.customer[i] === c) this.delete(id);
  }

  #setPath(i: number, pipelineId: string, path: [string, number][]): void {
    if (path.length > this.pathRoom[i]!) {
      // Room for a few more stage changes, so most moves write in place.
      const room = path.length + 4;
      if (this.#pathUsed + room > this.pathAt.length) this.#makeRoom(room);
      this.pathStart[i] = this.#pathUsed;
      this.pathRoom[i] = room;
      this.#pathUsed += room;
    }
    const start = this.pathStart[i]!;
    path.forEach(([stage, at], k) => {
      this.pathStage[start + k] = this.stages.number(pipelineId, stage);
      this.pathAt[start + k] = at;
    });
    this.pathLength[i] = path.length;
    this.lastAt[i] = path.at(-1)?.[1] ?? this.createdAt[i]!;
  }

  /** Packs the live deals' paths to the front, then grows the arrays if that is not enough. */
  #makeRoom(needed: number): void {
    let used = 0;
    const stages = new Uint16Array(this.pathStage.length);
    const ats = new Float64Array(this.pathAt.length);
    for (let i = 0; i < this.#slots.length; i++) {
      if (!this.live[i]) continue;
      const start = this.pathStart[i]!;
      const room = this.pathRoom[i]!;
      stages.set(this.pathStage.subarray(start, start + room), used);
      ats.set(this.pathAt.subarray(start, start + room), used);
      this.pathStart[i] = used;
      used += room;
    }
    let size = stages.length;
    while (used + needed > size / 2) size *= 2;
    this.pathStage = size === stages.length ? stages : grown(stages, size);
    this.pathAt = size === ats.length ? ats : grown(ats, size);
    this.#pathUsed = used;
  }
}
