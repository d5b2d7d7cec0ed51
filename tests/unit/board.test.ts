import { describe, expect, it } from 'vitest';
import { PipelineModel } from '../../client/src/board/board-model.js';
import { dropLine, dropTargetAt, isScroll, retarget, type ColumnBox } from '../../client/src/board/drag-state.js';
import { focusTarget, moveDirectionOf, planKeyMove, planMenuMove, tabStop } from '../../client/src/board/keyboard-moves.js';
import { MoveQueue } from '../../client/src/board/move-queue.js';
import { compareCards, neighboursAt, rankBetween, sitsBetween } from '../../client/src/board/order.js';
import { Opportunity, type Pipeline } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';

const stamp = { createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const hex = (n: number) => n.toString(16).padStart(24, '0');
const deal = (n: number, stage: string, rank: string): Opportunity =>
  Opportunity.parse({ ...stamp, id: hex(n), customerId: hex(0xc1), name: `Deal ${n}`, stage, amount: 1_000 * n, currency: 'USD', probability: 10, rank, version: 1 });

function modelOf(cards: Opportunity[]): PipelineModel {
  const pipeline: Pipeline = {
    stages: DEFAULT_STAGES.map((s) => {
      const mine = cards.filter((c) => c.stage === s.key);
      return { ...s, count: mine.length, total: mine.reduce((sum, c) => sum + c.amount, 0), opportunities: mine };
    }),
    customers: {},
    nextSteps: {},
  };
  const model = new PipelineModel();
  model.load(pipeline, undefined);
  return model;
}

describe('board order', () => {
  it('orders by rank, then by id in code-unit order, and makes ranks between neighbours', () => {
    const cards = [
      { id: 'b', rank: 'a1' },
      { id: 'B', rank: 'a1' },
      { id: 'a', rank: 'a0' },
    ];
    expect([...cards].sort(compareCards).map((c) => c.id)).toEqual(['a', 'B', 'b']);
    const mid = rankBetween('a0', 'a1');
    expect(mid > 'a0' && mid < 'a1').toBe(true);
    expect(rankBetween(undefined, 'a0') < 'a0').toBe(true);
    // Neighbours out of order (a concurrent move) still give a rank after the first.
    expect(rankBetween('a5', 'a1') > 'a5').toBe(true);
  });

  it('names the neighbours at an index with the moving card left out, and sees a move to where a card already is', () => {
    const cards = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, rank: `a${i}` }));
    expect(neighboursAt(cards, 0, 'c')).toEqual({ beforeId: 'a' });
    expect(neighboursAt(cards, 2, 'b')).toEqual({ afterId: 'c', beforeId: 'd' });
    expect(neighboursAt(cards, 3, 'a')).toEqual({ afterId: 'd' });
    expect(sitsBetween(cards, 'b', 'a', 'c')).toBe(true);
    expect(sitsBetween(cards, 'a', undefined, 'b')).toBe(true);
    expect(sitsBetween(cards, 'b', 'c', 'd')).toBe(false);
  });
});

describe('keyboard moves', () => {
  const a = deal(1, 'prospecting', 'a0');
  const b = deal(2, 'prospecting', 'a1');
  const c = deal(3, 'prospecting', 'a2');
  const q = deal(4, 'qualification', 'a0');

  it('maps arrows, Home and End to directions and nothing else', () => {
    expect(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter', 'a'].map(moveDirectionOf)).toEqual(['up', 'down', 'left', 'right', 'top', 'bottom', undefined, undefined]);
  });

  it('plans moves within a column and to the next stage at the same position, clamped', () => {
    const model = modelOf([a, b, c, q]);
    expect(planKeyMove(model, b.id, 'down')).toEqual({ move: { id: b.id, stage: 'prospecting', afterId: c.id, focus: true } });
    expect(planKeyMove(model, b.id, 'up')).toEqual({ move: { id: b.id, stage: 'prospecting', beforeId: a.id, focus: true } });
    expect(planKeyMove(model, c.id, 'top')).toEqual({ move: { id: c.id, stage: 'prospecting', beforeId: a.id, focus: true } });
    expect(planKeyMove(model, a.id, 'bottom')).toEqual({ move: { id: a.id, stage: 'prospecting', afterId: c.id, focus: true } });
    // Third in its column, into a column of one: it lands last there.
    expect(planKeyMove(model, c.id, 'right')).toEqual({ move: { id: c.id, stage: 'qualification', afterId: q.id, focus: true } });
    expect(planKeyMove(model, q.id, 'left')).toEqual({ move: { id: q.id, stage: 'prospecting', beforeId: a.id, focus: true } });
  });

  it('says why nothing moves at an edge, and plans "Move to" top and bottom', () => {
    const model = modelOf([a, b, c, q]);
    expect(planKeyMove(model, a.id, 'up')).toEqual({ say: 'Deal 1 is already at the top of Prospecting.' });
    expect(planKeyMove(model, c.id, 'bottom')).toEqual({ say: 'Deal 3 is already at the bottom of Prospecting.' });
    expect(planKeyMove(model, a.id, 'left')).toEqual({ say: 'Deal 1 is already in the first stage.' });
    expect(planKeyMove(model, 'missing', 'up')).toBeUndefined();
    expect(planMenuMove(model, a.id, 'qualification', 'top')).toEqual({ id: a.id, stage: 'qualification', beforeId: q.id, focus: true });
    expect(planMenuMove(model, a.id, 'prospecting', 'bottom')).toEqual({ id: a.id, stage: 'prospecting', afterId: c.id, focus: true });
  });
});

describe('keyboard focus (the board as a grid)', () => {
  const grid = [[{ id: 'a' }, { id: 'b' }, { id: 'c' }], [], [{ id: 'p' }], [{ id: 'n1' }, { id: 'n2' }]];

  it('walks up and down a column, to its ends, and sideways past empty columns at the same position', () => {
    expect(focusTarget(grid, 'a', 'down')).toBe('b');
    expect(focusTarget(grid, 'a', 'up')).toBeUndefined();
    expect(focusTarget(grid, 'a', 'bottom')).toBe('c');
    expect(focusTarget(grid, 'c', 'bottom')).toBeUndefined();
    expect(focusTarget(grid, 'c', 'top')).toBe('a');
    expect(focusTarget(grid, 'c', 'right'), 'the empty column is skipped; the position is clamped').toBe('p');
    expect(focusTarget(grid, 'n2', 'left')).toBe('p');
    expect(focusTarget(grid, 'b', 'right')).toBe('p');
    expect(focusTarget(grid, 'p', 'right')).toBe('n1');
    expect(focusTarget(grid, 'n1', 'right')).toBeUndefined();
    expect(focusTarget(grid, 'gone', 'down')).toBeUndefined();
  });

  it('keeps one Tab stop: the card last focused while it is shown, else the first card', () => {
    expect(tabStop(grid, 'p')).toBe('p');
    expect(tabStop(grid, 'gone')).toBe('a');
    expect(tabStop(grid, undefined)).toBe('a');
    expect(tabStop([[], [{ id: 'x' }]], undefined)).toBe('x');
    expect(tabStop([[], []], undefined)).toBeUndefined();
  });
});

/** A promise with its settle functions, to answer a send when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('MoveQueue', () => {
  it('sends one card’s moves one after the other, each from the version the previous one produced', async () => {
    const queue = new MoveQueue<{ version: number }>();
    const sent: number[] = [];
    const done: Array<[number, boolean]> = [];
    const first = deferred<{ version: number }>();
    const handlers = { moved: (r: { version: number }, last: boolean) => done.push([r.version, last]), failed: () => expect.fail('no failure') };
    const one = queue.enqueue('x', 1, (base) => (sent.push(base), first.promise), handlers);
    const two = queue.enqueue('x', 1, async (base) => (sent.push(base), { version: base + 1 }), handlers);
    expect(queue.busy('x')).toBe(true);
    await Promise.resolve();
    expect(sent, 'the second waits for the first').toEqual([1]);
    first.resolve({ version: 2 });
    await Promise.all([one, two]);
    expect(sent).toEqual([1, 2]);
    expect(done, 'only the last answer is the last').toEqual([
      [2, false],
      [3, true],
    ]);
    expect(queue.busy('x')).toBe(false);
  });

  it('drops the moves queued behind a failed one, and those queued before drop()', async () => {
    const queue = new MoveQueue<{ version: number }>();
    const sent: string[] = [];
    const failures: unknown[] = [];
    const handlers = { moved: () => undefined, failed: (e: unknown) => failures.push(e) };
    const failing = queue.enqueue('x', 1, async () => (sent.push('first'), Promise.reject(new Error('412'))), handlers);
    const behind = queue.enqueue('x', 1, async (base) => (sent.push('second'), { version: base + 1 }), handlers);
    await Promise.all([failing, behind]);
    expect(sent).toEqual(['first']);
    expect(failures).toHaveLength(1);

    const gate = deferred<{ version: number }>();
    const held = queue.enqueue('y', 4, () => gate.promise, handlers);
    const queued = queue.enqueue('y', 4, async () => (sent.push('y2'), { version: 6 }), handlers);
    queue.drop('y');
    gate.resolve({ version: 5 });
    await Promise.all([held, queued]);
    expect(sent, 'a colleague won: the queued move is not sent').toEqual(['first']);
  });

  it('knows which cards it moved recently, by the injected clock', async () => {
    let now = 10_000;
    const queue = new MoveQueue<{ version: number }>(() => now);
    expect(queue.movedWithin('x', 2_000)).toBe(false);
    await queue.enqueue('x', 1, async () => ({ version: 2 }), { moved: () => undefined, failed: () => undefined });
    now += 1_999;
    expect(queue.movedWithin('x', 2_000)).toBe(true);
    now += 1;
    expect(queue.movedWithin('x', 2_000)).toBe(false);
  });
});

describe('drag state', () => {
  const columns: ColumnBox[] = [
    { stage: 'prospecting', left: 0, right: 200, middles: [50, 150, 250] },
    { stage: 'qualification', left: 210, right: 410, middles: [] },
  ];

  it('finds the column and the index under a point', () => {
    expect(dropTargetAt(columns, 10, 10)).toEqual({ stage: 'prospecting', index: 0 });
    expect(dropTargetAt(columns, 10, 149)).toEqual({ stage: 'prospecting', index: 1 });
    expect(dropTargetAt(columns, 10, 900)).toEqual({ stage: 'prospecting', index: 3 });
    expect(dropTargetAt(columns, 300, 10)).toEqual({ stage: 'qualification', index: 0 });
    expect(dropTargetAt(columns, 205, 10), 'the gap between columns').toBeUndefined();
  });

  it('draws the drop line before the card at the index, the dragged card left out, and keeps an unchanged drag', () => {
    const cards = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(dropLine(cards, 'prospecting', { id: 'a', target: { stage: 'prospecting', index: 1 } })).toEqual({ before: 'c', atEnd: false });
    expect(dropLine(cards, 'prospecting', { id: 'x', target: { stage: 'prospecting', index: 3 } })).toEqual({ atEnd: true });
    expect(dropLine(cards, 'qualification', { id: 'a', target: { stage: 'prospecting', index: 1 } })).toBeUndefined();
    expect(dropLine(cards, 'prospecting', undefined)).toBeUndefined();
    const drag = { id: 'a', target: { stage: 'prospecting', index: 1 } };
    expect(retarget(drag, { stage: 'prospecting', index: 1 })).toBe(drag);
    expect(retarget(drag, { stage: 'prospecting', index: 2 })).toEqual({ id: 'a', target: { stage: 'prospecting', index: 2 } });
    expect(isScroll(6, 8)).toBe(false);
    expect(isScroll(8, 8)).toBe(true);
  });
});
