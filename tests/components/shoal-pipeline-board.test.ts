import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../client/src/components/shoal-pipeline-board.js';
import type { ShoalPipelineBoard } from '../../client/src/components/shoal-pipeline-board.js';
import type { ShoalPipelineCard } from '../../client/src/components/shoal-pipeline-card.js';
import type { LiveClient, LiveHandlers } from '../../client/src/live.js';
import type { ChangeEvent, PresenceEntry, PresenceUpdate } from '../../shared/events.js';
import type { Opportunity, Pipeline } from '../../shared/opportunity.js';
import type { PipelineDefinition } from '../../shared/pipeline.js';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';
import { json, problem, scriptedApi, settle, type Call } from './scripted-api.js';
import { roomOf } from '../../shared/rooms.js';
import { LONG_PRESS_MS } from '../../client/src/board/drag-state.js';
import { ManualTimers } from './manual-timers.js';
import { prefetchBoard } from '../../client/src/board/board-prefetch.js';

const stamp = { createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const hex = (n: number) => n.toString(16).padStart(24, '0');
const user = (n: number, name: string, color: string): User => ({ ...stamp, id: hex(0xa0 + n), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role: 'rep', color, active: true, version: 1 });
const dana = user(1, 'Dana Park', '#2563eb');
const ana = user(2, 'Ana Silva', '#db2777');
const acme = { ...stamp, id: hex(0xc1), name: 'Acme Logistics', email: 'ops@acme.example', tags: [], version: 1 };
const brightline = { ...stamp, id: hex(0xc2), name: 'Brightline Dental', email: 'hi@brightline.example', tags: [], version: 1 };

function deal(n: number, name: string, stage: string, rank: string, amount: number, extra: Partial<Opportunity> = {}): Opportunity {
  return { ...stamp, id: hex(n), customerId: acme.id, name, stage, amount, currency: 'USD', probability: 10, rank, ownerId: dana.id, version: 1, expectedCloseDate: '2099-03-04', ...extra };
}

const a = deal(1, 'Annual licence', 'prospecting', 'a0', 12_500);
const b = deal(2, 'Pilot', 'prospecting', 'a1', 8_000, { customerId: brightline.id, ownerId: ana.id });
const c = deal(3, 'Expansion', 'prospecting', 'a2', 30_000);
const d = deal(4, 'Renewal', 'prospecting', 'a3', 4_500);
const p = deal(5, 'Platform upgrade', 'proposal', 'a0', 60_000);

function board(cards: Opportunity[], nextSteps: Pipeline['nextSteps'] = {}): Pipeline {
  return {
    nextSteps,
    stages: DEFAULT_STAGES.map((s) => {
      const mine = cards.filter((o) => o.stage === s.key);
      return { ...s, count: mine.length, total: mine.reduce((sum, o) => sum + o.amount, 0), opportunities: mine };
    }),
    customers: Object.fromEntries([acme, brightline].filter((x) => cards.some((o) => o.customerId === x.id)).map((x) => [x.id, x.name])),
  };
}

/** The live client as the board uses it: subscribe, presence; `emit` plays a change from the server. */
class FakeLive {
  readonly handlers = new Set<LiveHandlers>();
  readonly sent: PresenceUpdate[] = [];
  state = 'live' as const;
  subscribe(handlers: LiveHandlers): () => void {
    this.handlers.add(handlers);
    handlers.state?.('live');
    return () => this.handlers.delete(handlers);
  }
  setPresence(update: PresenceUpdate): void {
    this.sent.push(update);
  }
  present(): PresenceEntry[] {
    return [];
  }
  emit(event: ChangeEvent): void {
    for (const h of this.handlers) h.change?.(event);
  }
  presence(room: string, entries: PresenceEntry[]): void {
    for (const h of this.handlers) h.presence?.(room, entries);
  }
}

let seq = 100;
const moved = (card: Opportunity, actor: User, op: ChangeEvent['op'] = 'moved'): ChangeEvent => ({
  seq: ++seq,
  entity: 'opportunity',
  op,
  id: card.id,
  data: card,
  version: card.version,
  fields: op === 'moved' ? ['stage', 'rank', 'probability'] : undefined,
  actor: { id: actor.id, name: actor.name },
  at: '2026-01-06T10:00:00.000Z',
});

const pipelineDef = (id: string, name: string, stages: PipelineDefinition['stages'], isDefault = false): PipelineDefinition => ({ ...stamp, id, name, stages, default: isDefault, version: 1 });
const salesPipeline = pipelineDef(DEFAULT_PIPELINE_ID, 'Sales', [...DEFAULT_STAGES], true);

/** A scripted API (answers in order) that answers `GET /api/pipelines` apart, whenever the board asks. */
function boardApi(answers: Array<() => Response>, pipelines: PipelineDefinition[] = [salesPipeline]) {
  const scripted = scriptedApi(answers, { csrfToken: 'csrf' });
  const request = scripted.api.request.bind(scripted.api);
  scripted.api.request = async (method, path, options) => (method === 'GET' && path === '/pipelines' ? json(200, pipelines)() : request(method, path, options));
  return scripted;
}

async function open(cards: Opportunity[], more: Array<() => Response> = [], first: Pipeline = board(cards)) {
  const { api, calls } = boardApi([json(200, first), json(200, [dana, ana]), ...more]);
  const live = new FakeLive();
  const el = await fixture<ShoalPipelineBoard>(html`<shoal-pipeline-board .api=${api} .live=${live as unknown as LiveClient} .user=${dana}></shoal-pipeline-board>`);
  await settle(el);
  return { el, calls, live };
}

const root = (el: ShoalPipelineBoard) => el.shadowRoot!;
const column = (el: ShoalPipelineBoard, stage: string) => root(el).querySelector<HTMLElement>(`section.column[data-stage="${stage}"]`)!;
const namesIn = (el: ShoalPipelineBoard, stage: string) => [...column(el, stage).querySelectorAll<ShoalPipelineCard>('shoal-pipeline-card')].map((card) => card.deal!.name);
const cardEl = (el: ShoalPipelineBoard, card: Opportunity) => root(el).querySelector<ShoalPipelineCard>(`shoal-pipeline-card[data-id="${card.id}"]`)!;
const stats = (el: ShoalPipelineBoard, stage: string) => column(el, stage).querySelector('.stats')!.textContent!.replace(/\s+/g, ' ').trim();
const moves = (calls: Call[]) => calls.filter((call) => call.method === 'POST' && call.url.endsWith('/move'));
/** Real key presses with Shift held, as a rep moves a card. */
async function pressWithShift(key: string): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
}
const announced = (el: ShoalPipelineBoard) => root(el).querySelector('[role="status"][aria-live="polite"].visually-hidden')!.textContent!;

describe('shoal-pipeline-board', () => {
  it('shows one column per stage with its count and total, and cards with their details', async function () {
    // The first test also loads the modules and axe: on a busy 2-core machine that alone can pass 5 s.
    this.timeout(20_000);
    const { el, calls, live } = await open([a, b, c, d, p]);
    // The cards' customer names come with the board: no request for customers.
    expect(calls.map((call) => call.url)).to.deep.equal(['/api/pipeline?limit=50', '/api/users']);
    expect([...root(el).querySelectorAll('section.column h2')].map((h) => h.textContent)).to.deep.equal(DEFAULT_STAGES.map((s) => s.name));
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Pilot', 'Expansion', 'Renewal']);
    expect(stats(el, 'prospecting')).to.equal('$55K 4 deals · 10%');
    expect(stats(el, 'proposal')).to.equal('$60K 1 deal · 50%');
    expect(stats(el, 'won')).to.equal('$0 0 deals');
    const pilot = cardEl(el, b).shadowRoot!;
    expect(pilot.textContent).to.contain('Pilot').and.contain('Brightline Dental').and.contain('$8,000').and.contain('Mar 2099');
    // The owner's avatar is plain markup in the card (no element per card), in the owner's colours.
    expect(pilot.querySelector('shoal-avatar')).to.equal(null);
    const owner = pilot.querySelector<HTMLElement>('.owner')!;
    expect(owner.title).to.equal('Ana Silva');
    expect(owner.querySelector('.avatar')!.textContent).to.equal('AS');
    expect(getComputedStyle(owner.querySelector('.avatar')!).borderRadius).to.equal('50%');
    const spoken = pilot.querySelector('[role="button"]')!.textContent!.replace(/\s+/g, ' ');
    expect(spoken).to.contain('Pilot, Brightline Dental, No next step, $8,000 , expected to close Mar 4, 2099').and.contain(', owned by Ana Silva');
    expect(root(el).querySelector('.subtitle')!.textContent).to.contain('5 open deals').and.contain('$115K');
    expect(live.sent).to.deep.equal([{ view: 'pipeline' }]);
    await expect(el).to.be.accessible();
  });

  it("shows a deal's exact amount, cents included, as the customer page and the search do", async () => {
    const odd = deal(9, 'Odd amount', 'proposal', 'a5', 12_500.5);
    const { el } = await open([odd]);
    expect(cardEl(el, odd).shadowRoot!.textContent).to.contain('$12,500.50').and.not.contain('$12,501');
  });

  it('moves the focused card with Shift and the arrow keys: one move call with the right neighbours, announced', async () => {
    const { el, calls } = await open([a, b, c, d, p], [json(200, { ...b, rank: 'a2V', version: 2 })]);
    cardEl(el, b).focus();
    await pressWithShift('ArrowDown');
    await settle(el);
    expect(moves(calls)).to.have.length(1);
    expect(moves(calls)[0]!.url).to.equal(`/api/opportunities/${b.id}/move`);
    expect(moves(calls)[0]!.body).to.deep.equal({ stage: 'prospecting', afterId: c.id, beforeId: d.id });
    expect(moves(calls)[0]!.headers['if-match']).to.equal('"1"');
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Expansion', 'Pilot', 'Renewal']);
    expect(announced(el)).to.contain('Moved Pilot to Prospecting, position 3 of 4.');
    expect(root(el).activeElement === cardEl(el, b), 'the moved card keeps the focus').to.equal(true);
  });

  it('moves a card to the next stage with Shift+ArrowRight, and the column totals follow', async () => {
    const { el, calls } = await open([a, b, c, d, p], [json(200, { ...a, stage: 'qualification', rank: 'a0', version: 2 })]);
    cardEl(el, a).focus();
    await pressWithShift('ArrowRight');
    await settle(el);
    expect(moves(calls).map((call) => call.body)).to.deep.equal([{ stage: 'qualification' }]);
    expect(namesIn(el, 'qualification')).to.deep.equal(['Annual licence']);
    expect(stats(el, 'prospecting')).to.equal('$42.5K 3 deals · 10%');
    expect(stats(el, 'qualification')).to.equal('$12.5K 1 deal · 25%');
    expect(root(el).activeElement === cardEl(el, a), 'the card keeps the focus in its new column').to.equal(true);
  });

  it('is one Tab stop: the arrow keys go from card to card as in a grid, and move nothing', async () => {
    const n = deal(6, 'Deal 6', 'negotiation', 'a0', 2_000);
    const { el, calls } = await open([a, b, c, d, p, n]);
    const stops = () => [...root(el).querySelectorAll<ShoalPipelineCard>('shoal-pipeline-card')].filter((card) => card.shadowRoot!.querySelector('[role="button"]')!.getAttribute('tabindex') === '0');
    expect(stops().map((card) => card.deal!.name)).to.deep.equal(['Annual licence']);
    const focused = () => (root(el).activeElement as ShoalPipelineCard | null)?.deal?.name;
    cardEl(el, a).focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(focused()).to.equal('Pilot');
    await sendKeys({ press: 'End' });
    await settle(el);
    expect(focused()).to.equal('Renewal');
    // Qualification is empty: ArrowRight goes on to Proposal, at the same position (clamped).
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(focused()).to.equal('Platform upgrade');
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(focused()).to.equal('Deal 6');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await settle(el);
    expect(focused()).to.equal('Annual licence');
    expect(stops().map((card) => card.deal!.name), 'the Tab stop follows the focus').to.deep.equal(['Annual licence']);
    await sendKeys({ press: 'ArrowUp' });
    await settle(el);
    expect(focused(), 'at the top the focus stays').to.equal('Annual licence');
    expect(moves(calls)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('keeps the focus on the next card after "Show N more"', async () => {
    const first = { ...board([a, b]), stages: board([a, b]).stages.map((s) => (s.key === 'prospecting' ? { ...s, count: 4, total: 55_000, nextCursor: 'next' } : s)) };
    const page = { stages: [{ ...first.stages[0]!, opportunities: [c, d], nextCursor: undefined }], customers: { [acme.id]: acme.name }, nextSteps: {} };
    const { api, calls } = boardApi([json(200, first), json(200, [dana, ana]), json(200, page)]);
    const el = await fixture<ShoalPipelineBoard>(html`<shoal-pipeline-board .api=${api} .live=${new FakeLive() as unknown as LiveClient} .user=${dana}></shoal-pipeline-board>`);
    await settle(el);
    const more = column(el, 'prospecting').querySelector<HTMLButtonElement>('button.more')!;
    expect(more.textContent!.trim()).to.equal('Show 2 more');
    more.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(calls.at(-1)!.url).to.equal('/api/pipeline?limit=50&stage=prospecting&cursor=next');
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Pilot', 'Expansion', 'Renewal']);
    expect((root(el).activeElement as ShoalPipelineCard | null)?.deal?.name, 'the first card it brought has the focus').to.equal('Expansion');
  });

  it('scrolls a card the arrow keys reach into view at phone width', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const n = deal(6, 'Deal 6', 'negotiation', 'a0', 2_000);
      const w = deal(7, 'Deal 7', 'won', 'a0', 3_000);
      const { el } = await open([a, p, n, w]);
      cardEl(el, a).focus();
      for (const _ of [1, 2, 3]) await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const card = cardEl(el, w);
      expect(root(el).activeElement === card).to.equal(true);
      const box = card.getBoundingClientRect();
      expect(box.left, 'the card starts on screen').to.be.at.least(0);
      expect(box.right, 'the card ends on screen').to.be.at.most(390);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('a colleague’s move shows its note for 5 s and its highlight for 2.4 s, on the board’s clock', async () => {
    const { el, live } = await open([a, b, c, d, p]);
    // The notes, highlights and toasts wait on the host's timers (TimerSet), which the test moves.
    const clock = new ManualTimers();
    Object.assign(el, { timers: clock });
    live.emit(moved({ ...d, rank: 'Zz', version: 2 }, ana));
    await settle(el);
    expect(cardEl(el, d).note).to.equal('Moved by Ana Silva');
    expect(cardEl(el, d).highlight).to.equal(true);
    clock.tick(2_399);
    await settle(el);
    expect(cardEl(el, d).highlight, 'still highlighted at 2,399 ms').to.equal(true);
    clock.tick(1);
    await settle(el);
    expect(cardEl(el, d).highlight, 'highlight gone at 2,400 ms').to.equal(false);
    clock.tick(5_000 - 2_400 - 1);
    await settle(el);
    expect(cardEl(el, d).note, 'note kept until 5 s').to.equal('Moved by Ana Silva');
    clock.tick(1);
    await settle(el);
    expect(cardEl(el, d).note ?? '', 'note gone at 5 s').to.equal('');
    expect(clock.pending).to.equal(0);
  });

  it('re-orders when a colleague’s move arrives, with their name, and ignores an older version', async () => {
    const { el, live } = await open([a, b, c, d, p]);
    live.emit(moved({ ...d, rank: 'Zz', version: 2 }, ana));
    await settle(el);
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Renewal', 'Annual licence', 'Pilot', 'Expansion']);
    expect(cardEl(el, d).note).to.equal('Moved by Ana Silva');
    expect(announced(el)).to.contain('Ana Silva moved Renewal to Prospecting.');

    live.emit(moved({ ...c, stage: 'proposal', rank: 'a1', version: 2 }, ana));
    await settle(el);
    expect(namesIn(el, 'proposal')).to.deep.equal(['Platform upgrade', 'Expansion']);
    expect(stats(el, 'prospecting')).to.equal('$25K 3 deals · 10%');
    expect(stats(el, 'proposal')).to.equal('$90K 2 deals · 50%');

    // A late copy of an older change changes nothing.
    live.emit(moved({ ...d, rank: 'a9', version: 1 }, ana));
    await settle(el);
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Renewal', 'Annual licence', 'Pilot']);
  });

  it('asks for the reason before moving a deal to the lost stage, and sends it with the move', async () => {
    const { el, calls } = await open([a, b, c, d, p], [json(200, { ...p, stage: 'lost', rank: 'a0', version: 2, lostReason: 'Price too high' })]);
    cardEl(el, p).focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const menu = root(el).querySelector('shoal-pipeline-move-menu')!.shadowRoot!;
    const lost = menu.querySelector<HTMLButtonElement>('[role="menuitemradio"][data-stage="lost"]')!;
    expect(menu.querySelector('[role="menu"]')!.getAttribute('aria-label')).to.equal('Move Platform upgrade');
    lost.click();
    await settle(el);
    const dialog = root(el).querySelector('shoal-lost-reason-dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.shadowRoot!.querySelector('h2')!.textContent).to.equal('Why was Platform upgrade lost?');
    expect(moves(calls), 'nothing moves before the reason').to.have.length(0);
    await expect(dialog).to.be.accessible();

    // Confirming without a reason says what is missing.
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(dialog.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('Choose why the deal was lost.');
    const price = [...dialog.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.value === 'Price too high')!;
    price.click();
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(moves(calls).map((call) => call.body)).to.deep.equal([{ stage: 'lost', lostReason: 'Price too high' }]);
    expect(namesIn(el, 'lost')).to.deep.equal(['Platform upgrade']);
    expect(stats(el, 'lost')).to.equal('$60K 1 deal');
  });

  it('leaves the deal where it was when the lost reason is cancelled', async () => {
    const w = deal(6, 'Team seats', 'won', 'a0', 9_000);
    const { el, calls } = await open([a, w]);
    cardEl(el, w).focus();
    await pressWithShift('ArrowRight');
    await settle(el);
    const dialog = root(el).querySelector('shoal-lost-reason-dialog')!;
    expect(dialog.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(dialog.open).to.equal(false);
    expect(moves(calls)).to.have.length(0);
    expect(namesIn(el, 'won')).to.deep.equal(['Team seats']);
    expect(announced(el)).to.contain('Not moved.');
    expect(root(el).activeElement === cardEl(el, w), 'the focus is back on the card').to.equal(true);
  });

  it('settles a card whose concurrent move lost (412) where the server has it, saying who moved it', async () => {
    const theirs = { ...b, stage: 'proposal', rank: 'a1', version: 2 };
    const { el, calls, live } = await open([a, b, c, d, p], [problem(412, { title: 'Changed', detail: 'Someone else changed it.', current: theirs })]);
    cardEl(el, b).focus();
    await pressWithShift('ArrowUp');
    await settle(el);
    expect(moves(calls)).to.have.length(1);
    expect(namesIn(el, 'proposal')).to.deep.equal(['Platform upgrade', 'Pilot']);
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Expansion', 'Renewal']);
    expect(cardEl(el, b).note).to.equal('Someone else moved this at the same time');
    expect(cardEl(el, b).noteKind).to.equal('conflict');
    // The winner's change arrives: the note names them.
    live.emit(moved(theirs, ana));
    await settle(el);
    expect(cardEl(el, b).note).to.equal('Ana Silva moved this at the same time');
    expect(stats(el, 'proposal')).to.equal('$68K 2 deals · 50%');
  });

  it('drops a dragged card between two others with one move call, and tells colleagues it is being dragged', async () => {
    const { el, calls, live } = await open([a, b, c, d, p], [json(200, { ...p, stage: 'prospecting', rank: 'a0V', version: 2 })]);
    const transfer = new DataTransfer();
    cardEl(el, p).dispatchEvent(new DragEvent('dragstart', { bubbles: true, composed: true, dataTransfer: transfer }));
    await settle(el);
    expect(live.sent.at(-1)).to.deep.equal({ view: 'pipeline', editing: p.id });
    const below = cardEl(el, a).getBoundingClientRect();
    const at = { clientX: below.left + 10, clientY: below.bottom + 2, bubbles: true, composed: true, dataTransfer: transfer };
    column(el, 'prospecting').dispatchEvent(new DragEvent('dragover', at));
    await settle(el);
    expect(column(el, 'prospecting').classList.contains('drop-target')).to.equal(true);
    column(el, 'prospecting').dispatchEvent(new DragEvent('drop', at));
    cardEl(el, p)?.dispatchEvent(new DragEvent('dragend', { bubbles: true, composed: true }));
    await settle(el);
    expect(moves(calls).map((call) => call.body)).to.deep.equal([{ stage: 'prospecting', afterId: a.id, beforeId: b.id }]);
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Platform upgrade', 'Pilot', 'Expansion', 'Renewal']);
    expect(live.sent.at(-1)).to.deep.equal({ view: 'pipeline' });
  });

  it('lets a finger drag a card after a long press, with one move call', async () => {
    const { el, calls, live } = await open([a, b, c, d, p], [json(200, { ...d, stage: 'proposal', rank: 'a1', version: 2 })]);
    // The long press waits on a clock the test moves (timersOf: the host's `timers`).
    const clock = new ManualTimers();
    Object.assign(el, { timers: clock });
    const from = cardEl(el, d).getBoundingClientRect();
    const touch = { pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true, composed: true };
    cardEl(el, d).dispatchEvent(new PointerEvent('pointerdown', { ...touch, clientX: from.left + 20, clientY: from.top + 10 }));
    clock.tick(LONG_PRESS_MS - 1);
    await settle(el);
    expect(live.sent.some((sent) => sent.editing === d.id), 'not lifted before the press is long').to.equal(false);
    clock.tick(1);
    await settle(el);
    expect(live.sent.at(-1), 'the long press lifted the card').to.deep.equal({ view: 'pipeline', editing: d.id });
    const under = cardEl(el, p).getBoundingClientRect();
    const to = { ...touch, clientX: under.left + 20, clientY: under.bottom + 4 };
    cardEl(el, d).dispatchEvent(new PointerEvent('pointermove', to));
    await settle(el);
    expect(root(el).querySelector('.ghost')!.textContent).to.contain('Renewal');
    cardEl(el, d).dispatchEvent(new PointerEvent('pointerup', to));
    await settle(el);
    expect(moves(calls).map((call) => call.body)).to.deep.equal([{ stage: 'proposal', afterId: p.id }]);
    expect(namesIn(el, 'proposal')).to.deep.equal(['Platform upgrade', 'Renewal']);
    expect(root(el).querySelector('.ghost')).to.equal(null);
  });

  it('shows only the signed-in rep’s deals with "Mine"', async () => {
    const { el, calls } = await open([a, b, c, d, p], [json(200, board([a, c, d, p]))]);
    const select = root(el).querySelector<HTMLSelectElement>('#owner')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Everyone', 'Mine', 'Ana Silva']);
    select.value = 'mine';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(calls.at(-1)!.url).to.equal('/api/pipeline?limit=50&mine=true');
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence', 'Expansion', 'Renewal']);
  });

  it('outlines the card a colleague is dragging with their name, and lists who is on the board', async () => {
    const { el, live } = await open([a, b, c, d, p]);
    live.presence(roomOf({ kind: 'presence', view: 'pipeline' }), [
      { socketId: 's1', actor: { id: dana.id, name: dana.name }, color: dana.color, view: 'pipeline' },
      { socketId: 's2', actor: { id: ana.id, name: ana.name }, color: ana.color, view: 'pipeline', editing: c.id },
    ]);
    await settle(el);
    const held = cardEl(el, c);
    expect(held.heldBy?.name).to.equal('Ana Silva');
    expect(held.shadowRoot!.querySelector('.card')!.classList.contains('held')).to.equal(true);
    expect(held.shadowRoot!.querySelector('.held-by')!.textContent).to.contain('Ana is moving this');
    expect(cardEl(el, a).heldBy).to.equal(undefined);
    expect(root(el).querySelector('.avatars')!.getAttribute('aria-label')).to.equal('Ana Silva is also on the board');
    await expect(el).to.be.accessible();
  });

  it('shows what went wrong when the board cannot load, and fires no event when properties are set', async () => {
    const { api } = scriptedApi([problem(503, { title: 'Unavailable', detail: 'Database down' }), json(200, [dana]), json(200, [acme])]);
    const seen: Event[] = [];
    const el = await fixture<ShoalPipelineBoard>(html`<shoal-pipeline-board .api=${api} .user=${dana}></shoal-pipeline-board>`);
    for (const type of ['shoal-card-move', 'shoal-card-menu', 'shoal-opportunity-move', 'shoal-navigate']) el.addEventListener(type, (e) => seen.push(e));
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'the error shows');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain("We couldn't load the pipeline").and.contain('trouble reaching its database');
    el.pageSize = 20;
    await el.updateComplete;
    expect(seen).to.have.length(0);
  });
});

describe('shoal-pipeline-board: next steps, rotting, pipelines', () => {
  const step = (n: number, title: string, dueAt: string, extra: Record<string, unknown> = {}) => ({ id: hex(0xe0 + n), title, type: 'call' as const, dueAt, assigneeId: dana.id, ...extra });
  const task = (s: ReturnType<typeof step>, opportunityId: string, extra: Record<string, unknown> = {}) => ({ ...stamp, ...s, customerId: acme.id, opportunityId, done: false, version: 1, ...extra });
  const taskEvent = (data: ReturnType<typeof task>, op: ChangeEvent['op'] = 'updated'): ChangeEvent =>
    ({ seq: ++seq, entity: 'task', op, id: data.id, data, version: data.version, actor: { id: ana.id, name: ana.name }, at: '2026-01-06T10:00:00.000Z' }) as ChangeEvent;
  const nextText = (el: ShoalPipelineBoard, card: Opportunity) => cardEl(el, card).shadowRoot!.querySelector('.next')?.textContent!.replace(/\s+/g, ' ').trim();

  it('shows each card its next step with an overdue badge, and marks an open deal with none', async () => {
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const won = deal(8, 'Signed', 'won', 'a0', 1_000);
    const { el } = await open([a, b, c, won], [], board([a, b, c, won], { [a.id]: step(1, 'Call Ana', soon), [b.id]: step(2, 'Send the deck', '2020-01-02', { type: 'email' }) }));
    expect(nextText(el, a)).to.contain('Next step: Call Ana ·').and.not.contain('Overdue');
    expect(cardEl(el, b).shadowRoot!.querySelector('.badge.overdue')!.textContent).to.equal('Overdue');
    expect(nextText(el, c)).to.equal('No next step,');
    // A closed deal needs no next step.
    expect(cardEl(el, won).shadowRoot!.querySelector('.next')).to.equal(null);
    const spoken = cardEl(el, b).shadowRoot!.querySelector('[role="button"]')!.textContent!.replace(/\s+/g, ' ');
    expect(spoken).to.contain('Next step: Send the deck · Jan 2020 Overdue');
    await expect(el).to.be.accessible();
  });

  it("follows task changes live: a sooner task becomes the next step; the next step done reads the deal's next one", async () => {
    const later = step(1, 'Send the deck', '2099-05-20', { type: 'email' });
    const answer = { items: [task(later, a.id)] };
    const { el, calls, live } = await open([a, c], [json(200, answer.items)], board([a, c], { [a.id]: later }));
    // A colleague plans a call on the deal with no next step, and one sooner on the first.
    live.emit(taskEvent(task(step(3, 'Call Carla', '2099-04-01'), c.id), 'created'));
    const sooner = task(step(4, 'Call Ana', '2099-05-12'), a.id);
    live.emit(taskEvent(sooner, 'created'));
    await settle(el);
    expect(nextText(el, c)).to.contain('Call Carla');
    expect(nextText(el, a)).to.contain('Call Ana');
    expect(calls.filter((call) => call.url.startsWith('/api/tasks'))).to.have.length(0);
    // The next step is done: the deal's next one is read (one request) and shown.
    live.emit(taskEvent({ ...sooner, done: true, version: 2 }));
    await waitUntil(() => nextText(el, a)?.includes('Send the deck'), 'the next one shows');
    expect(calls.filter((call) => call.url.startsWith('/api/tasks')).map((call) => call.url)).to.deep.equal([`/api/tasks?opportunityId=${a.id}&done=false&sort=dueAt&limit=1`]);
    // A task of a deal not on the board changes nothing and asks nothing.
    live.emit(taskEvent(task(step(5, 'Elsewhere', '2000-01-01'), hex(0x999)), 'created'));
    await settle(el);
    expect(calls.filter((call) => call.url.startsWith('/api/tasks'))).to.have.length(1);
  });

  it('loads the board again, in one request, when a bulk edit completes many next steps at once', async () => {
    const cards = Array.from({ length: 12 }, (_, i) => deal(0x40 + i, `Bulk ${i}`, 'qualification', `a${i}`, 1_000));
    const steps = Object.fromEntries(cards.map((card, i) => [card.id, step(0x20 + i, `Call ${i}`, '2099-01-01')]));
    const { el, calls, live } = await open([], [json(200, board(cards))], board(cards, steps));
    for (const [i, card] of cards.entries()) live.emit(taskEvent({ ...task(steps[card.id]!, card.id), done: true, version: 2, title: `Call ${i}` }));
    await waitUntil(() => calls.filter((call) => call.url.startsWith('/api/pipeline')).length === 2, 'the board loads again');
    await settle(el);
    expect(calls.filter((call) => call.url.startsWith('/api/tasks'))).to.have.length(0);
    expect(nextText(el, cards[0]!)).to.equal('No next step,');
  });

  it('marks a rotting deal (red edge, said in words) and follows the mark live', async () => {
    const first = board([{ ...a, rotting: true }, c]);
    first.stages = first.stages.map((col) => ({ ...col, ...(col.key === 'prospecting' ? { rotDays: 14 } : {}) }));
    const { el, live } = await open([], [], first);
    const box = (card: Opportunity) => cardEl(el, card).shadowRoot!.querySelector<HTMLElement>('[role="button"]')!;
    expect(box(a).classList.contains('rotting')).to.equal(true);
    expect(box(a).title).to.equal('Rotting: no activity for more than 14 days');
    expect(box(a).textContent).to.contain('Rotting: no activity for more than 14 days');
    expect(getComputedStyle(box(a)).borderLeftWidth).to.equal('4px');
    expect(box(c).classList.contains('rotting')).to.equal(false);
    live.emit({ ...moved({ ...c, rotting: true, version: 2 }, ana, 'updated'), fields: ['rotting'] });
    live.emit({ ...moved({ ...a, rotting: false, version: 2 }, ana, 'updated'), fields: ['rotting'] });
    await settle(el);
    expect(box(c).classList.contains('rotting')).to.equal(true);
    expect(box(a).classList.contains('rotting')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it("switches pipelines: the chosen one's stages and cards, in the address; other pipelines' moves stay out", async () => {
    const hiringId = hex(0xf1);
    const hiringStages = [
      { key: 'applied', name: 'Applied', probability: 10, kind: 'open' as const },
      { key: 'hired', name: 'Hired', probability: 100, kind: 'won' as const },
    ];
    const hiring = pipelineDef(hiringId, 'Hiring', hiringStages);
    const recruit = deal(9, 'Recruit a designer', 'applied', 'a0', 5_000, { pipelineId: hiringId });
    const hiringBoard: Pipeline = { pipelineId: hiringId, stages: hiringStages.map((st) => ({ ...st, count: st.key === 'applied' ? 1 : 0, total: st.key === 'applied' ? 5_000 : 0, opportunities: st.key === 'applied' ? [recruit] : [] })), customers: { [acme.id]: acme.name }, nextSteps: {} };
    const { api, calls } = boardApi([json(200, board([a, p])), json(200, [dana, ana]), json(200, hiringBoard)], [salesPipeline, hiring]);
    const live = new FakeLive();
    const before = location.href;
    const el = await fixture<ShoalPipelineBoard>(html`<shoal-pipeline-board .api=${api} .live=${live as unknown as LiveClient} .user=${dana}></shoal-pipeline-board>`);
    try {
      await settle(el);
      const picker = root(el).querySelector<HTMLSelectElement>('#pipeline-choice')!;
      expect([...picker.options].map((o) => o.textContent)).to.deep.equal(['Sales', 'Hiring']);
      expect(picker.value).to.equal(DEFAULT_PIPELINE_ID);
      picker.value = hiringId;
      picker.dispatchEvent(new Event('change'));
      await waitUntil(() => root(el).querySelector('section.column[data-stage="applied"]'), 'the hiring stages show');
      expect(calls.at(-1)!.url).to.equal(`/api/pipeline?limit=50&pipelineId=${hiringId}`);
      expect([...root(el).querySelectorAll('section.column h2')].map((h) => h.textContent)).to.deep.equal(['Applied', 'Hired']);
      expect(namesIn(el, 'applied')).to.deep.equal(['Recruit a designer']);
      expect(new URL(location.href).searchParams.get('pipeline')).to.equal(hiringId);
      // A colleague's move on the Sales board: nothing here moves, counts or asks again.
      const requests = calls.length;
      live.emit(moved({ ...p, stage: 'won', version: 2 }, ana));
      live.emit(moved({ ...deal(10, 'Unseen', 'prospecting', 'a9', 1), stage: 'proposal', version: 3 }, ana));
      await settle(el);
      expect(namesIn(el, 'applied')).to.deep.equal(['Recruit a designer']);
      expect(stats(el, 'hired')).to.equal('$0 0 deals');
      expect(announced(el)).to.not.contain('Ana Silva moved');
      expect(calls.length).to.equal(requests);
      // A move on this pipeline's board shows.
      live.emit(moved({ ...recruit, stage: 'hired', rank: 'a0', version: 2 }, ana));
      await settle(el);
      expect(namesIn(el, 'hired')).to.deep.equal(['Recruit a designer']);
    } finally {
      history.replaceState(history.state, '', before);
    }
  });
});

describe('shoal-pipeline-board: work per render', () => {
  it('renders no card again when the team changes but not their names or colours, and the new-deal form only once asked for', async () => {
    const { el, live } = await open([a, b, c, p]);
    expect(root(el).querySelector('shoal-new-deal-dialog')).to.equal(null);
    const cards = [...root(el).querySelectorAll<ShoalPipelineCard>('shoal-pipeline-card')];
    let updates = 0;
    for (const card of cards) {
      const update = (card as unknown as { update: (changed: unknown) => void }).update.bind(card);
      (card as unknown as { update: (changed: unknown) => void }).update = (changed) => {
        updates++;
        update(changed);
      };
    }
    // Ana's e-mail changes: the board shows the team again, the cards' owners are the same.
    live.emit({ seq: 500, entity: 'user', op: 'updated', id: ana.id, data: { ...ana, email: 'ana.silva@shoal.example', version: 2 }, version: 2, fields: ['email'], actor: { id: ana.id, name: ana.name }, at: stamp.updatedAt });
    await settle(el);
    expect(updates).to.equal(0);
    // Her new colour: her cards show it.
    live.emit({ seq: 501, entity: 'user', op: 'updated', id: ana.id, data: { ...ana, color: '#16a34a', version: 3 }, version: 3, fields: ['color'], actor: { id: ana.id, name: ana.name }, at: stamp.updatedAt });
    await settle(el);
    expect(updates).to.equal(1);
    expect(cardEl(el, b).owner?.color).to.equal('#16a34a');
    root(el).querySelector<HTMLButtonElement>('section.column[data-stage="prospecting"] button.add')!.click();
    await waitUntil(() => root(el).querySelector('shoal-new-deal-dialog')?.shadowRoot?.querySelector('dialog[open]'), 'the new-deal form opens');
  });
});

describe('shoal-pipeline-board: the first answer asked for early', () => {
  it('takes the answer the shell asked for with its code, and asks again only for another query', async () => {
    // The shell's route table asks when the page opens on the board (one fetch, once per page).
    const early: string[] = [];
    const pageFetch = globalThis.fetch;
    globalThis.fetch = async (input) => {
      early.push(String(input));
      return new Response(JSON.stringify(board([a, p])), { status: 200, headers: { 'content-type': 'application/json', 'shoal-seq': '100' } });
    };
    try {
      prefetchBoard('');
    } finally {
      globalThis.fetch = pageFetch;
    }
    const { api, calls } = boardApi([json(200, [dana, ana]), json(200, board([a]))]);
    // The live client is at the answer's seq: nothing to catch up.
    const live = Object.assign(new FakeLive(), { lastSeq: 100 });
    const el = await fixture<ShoalPipelineBoard>(html`<shoal-pipeline-board .api=${api} .live=${live as unknown as LiveClient} .user=${dana}></shoal-pipeline-board>`);
    await settle(el);
    expect(early).to.deep.equal(['/api/pipeline?limit=50']);
    expect(calls.map((call) => call.url)).to.deep.equal(['/api/users']);
    expect(namesIn(el, 'prospecting')).to.deep.equal(['Annual licence']);
    expect(namesIn(el, 'proposal')).to.deep.equal(['Platform upgrade']);
    // "Mine" is another query: the board asks for it.
    const owner = root(el).querySelector<HTMLSelectElement>('#owner')!;
    owner.value = 'mine';
    owner.dispatchEvent(new Event('change'));
    await waitUntil(() => calls.length === 2, 'the board asks for Mine');
    expect(calls[1]!.url).to.equal('/api/pipeline?limit=50&mine=true');
  });
});
