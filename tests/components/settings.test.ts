import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/settings/shoal-field-settings.js';
import '../../client/src/settings/shoal-pipeline-settings.js';
import '../../client/src/settings/shoal-settings-page.js';
import type { ShoalFieldForm } from '../../client/src/settings/shoal-field-form.js';
import type { ShoalPipelineEditor } from '../../client/src/settings/shoal-pipeline-editor.js';
import type { ShoalFieldSettings } from '../../client/src/settings/shoal-field-settings.js';
import type { ShoalPipelineSettings } from '../../client/src/settings/shoal-pipeline-settings.js';
import type { ShoalSettingsPage } from '../../client/src/settings/shoal-settings-page.js';
import type { FieldDefinition } from '../../shared/field.js';
import type { PipelineDefinition } from '../../shared/pipeline.js';
import type { User } from '../../shared/user.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem, settle } from './scripted-api.js';
import { choose } from './fixtures.js';

const at = '2026-01-05T10:00:00.000Z';
const admin: User = { id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb', active: true, version: 1, createdAt: at, updatedAt: at };
const rep: User = { ...admin, id: '0000000000000000000000a2', name: 'Ben Ortiz', role: 'rep' };
const actor = { id: admin.id, name: 'Cleo Admin' };

const tier: FieldDefinition = {
  id: '0000000000000000000000f1',
  entity: 'customer',
  key: 'tier',
  label: 'Tier',
  type: 'select',
  options: [
    { key: 'gold', label: 'Gold', color: '#c9a227' },
    { key: 'silver', label: 'Silver', color: '#8a94a6' },
  ],
  required: false,
  version: 1,
  createdAt: at,
  updatedAt: at,
};

const sales: PipelineDefinition = {
  id: '000000000000000000000001',
  name: 'Sales',
  default: true,
  stages: [
    { key: 'lead', name: 'Lead', probability: 10, kind: 'open', rotDays: 14 },
    { key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' },
    { key: 'won', name: 'Won', probability: 100, kind: 'won' },
    { key: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
  ],
  version: 3,
  createdAt: at,
  updatedAt: at,
};

const board = (counts: Record<string, number>) => ({
  pipelineId: sales.id,
  customers: {},
  stages: sales.stages.map((s) => ({ ...s, count: counts[s.key] ?? 0, total: 0, opportunities: [] })),
});

/** The last request of a method. */
const last = (calls: Array<{ method: string }>, method: string) => [...calls].reverse().find((c) => c.method === method) as (typeof calls)[number] & { url: string; body: unknown };
const $ = <T extends Element>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector)!;
const form = (el: ShoalFieldSettings) => $<ShoalFieldForm>(el, 'shoal-field-form');
const inForm = <T extends Element>(el: ShoalFieldSettings, selector: string) => form(el).shadowRoot!.querySelector<T>(selector)!;
const editor = (el: ShoalPipelineSettings) => $<ShoalPipelineEditor>(el, 'shoal-pipeline-editor');
const inEditor = <T extends Element>(el: ShoalPipelineSettings, selector: string) => editor(el).shadowRoot!.querySelector<T>(selector)!;
const allInEditor = <T extends Element>(el: ShoalPipelineSettings, selector: string) => [...editor(el).shadowRoot!.querySelectorAll<T>(selector)];

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}
async function settleAll(el: { updateComplete: Promise<unknown> }, ...inner: Array<{ updateComplete: Promise<unknown> } | null>): Promise<void> {
  await settle(el);
  for (const i of inner) if (i) await settle(i);
}

describe('settings: custom fields', function () {
  // Several renders, dialogs and accessibility checks a test: room for a loaded machine.
  this.timeout(20_000);
  it('shows loading, then the fields of a kind; empty kinds say so', async () => {
    const live = new FakeLive();
    let answer!: (r: Response) => void;
    const routed = routedApi([{ method: 'GET', path: /^\/fields$/, answers: [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response] }]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${routed.api} .live=${live.client}></shoal-field-settings>`);
    await settle(el);
    expect($(el, '[aria-busy="true"]').textContent).to.contain('Loading custom fields');

    answer(json(200, [tier])());
    await settle(el);
    const row = $(el, 'tr[data-key="tier"]');
    expect(row.textContent).to.contain('Tier').and.contain('Choice (one option)').and.contain('Gold').and.contain('Silver');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, 'button.kind[data-entity="opportunity"]').click();
    await settle(el);
    expect($(el, '.state.empty').textContent).to.contain('No custom fields on deals yet');
    expect($(el, 'button.add-field').textContent).to.contain('Add a deal field');
  });

  it('says when the fields could not be loaded, and tries again', async () => {
    const { api } = routedApi([{ method: 'GET', path: /^\/fields$/, answers: [problem(503, { title: 'Unavailable', detail: 'Shoal is starting.' }), json(200, [tier])] }]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${new FakeLive().client}></shoal-field-settings>`);
    await settle(el);
    expect($(el, '[role="alert"]').textContent).to.contain('could not be loaded');
    $<HTMLButtonElement>(el, 'button.retry').click();
    await settle(el);
    expect($(el, 'tr[data-key="tier"]')).to.exist;
  });

  it('adds a select field: key from the label (editable), options with colours; a 422 shows beside the field it names', async () => {
    const created: FieldDefinition = { ...tier, id: '0000000000000000000000f2', key: 'renewal_tier', label: 'Renewal tier', options: [{ key: 'gold', label: 'Gold', color: '#2563eb' }] };
    const { api, calls, route } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'POST', path: /^\/fields$/, answers: [problem(422, { title: 'Invalid input', errors: [{ path: 'options.0.label', message: 'must be at most 100 characters' }, { path: 'key', message: 'must be 1-40 letters, digits or _, starting with a letter' }] })] },
    ]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${new FakeLive().client}></shoal-field-settings>`);
    await settle(el);
    $<HTMLButtonElement>(el, 'button.add-field').click();
    await settleAll(el, form(el));
    expect(form(el).shadowRoot!.activeElement?.id).to.equal('field-label');
    await sendKeys({ type: 'Renewal tier' });
    await settleAll(el, form(el));
    expect(inForm<HTMLInputElement>(el, '#field-key').value).to.equal('renewal_tier');
    choose(inForm<HTMLSelectElement>(el, '#field-type'), 'select');
    await settleAll(el, form(el));
    type(inForm<HTMLInputElement>(el, '#option-label-0'), 'Gold');
    await settleAll(el, form(el));
    expect(inForm(el, '#option-key-0').textContent).to.contain('gold');
    inForm<HTMLFormElement>(el, 'form').requestSubmit();
    await settleAll(el, form(el));
    expect(calls.at(-1)).to.deep.include({ method: 'POST', url: '/api/fields' });
    expect(calls.at(-1)!.body).to.deep.equal({ entity: 'customer', key: 'renewal_tier', label: 'Renewal tier', type: 'select', required: false, options: [{ key: 'gold', label: 'Gold', color: '#2563eb' }] });
    expect(inForm(el, '#field-key-error').textContent).to.contain('Key must be 1-40 letters');
    expect(inForm(el, '#option-error-0').textContent).to.contain('must be at most 100 characters');
    expect(inForm<HTMLInputElement>(el, '#field-key').getAttribute('aria-invalid')).to.equal('true');
    expect(form(el).shadowRoot!.activeElement?.id, 'the first field in error has the focus').to.equal('field-key');
    await expect(form(el)).to.be.accessible();

    // An edited key is the admin's: the label no longer changes it.
    type(inForm<HTMLInputElement>(el, '#field-key'), 'tier2');
    type(inForm<HTMLInputElement>(el, '#field-label'), 'Renewal tier');
    await settleAll(el, form(el));
    expect(inForm<HTMLInputElement>(el, '#field-key').value).to.equal('tier2');
    route('POST', /^\/fields$/, json(201, created));
    inForm<HTMLFormElement>(el, 'form').requestSubmit();
    await settleAll(el, form(el));
    expect((calls.at(-1)!.body as { key: string }).key).to.equal('tier2');
    expect(form(el).open).to.equal(false);
    expect($(el, 'tr[data-key="renewal_tier"]').textContent).to.contain('Renewal tier');
    expect($(el, '[role="status"][aria-live]').textContent).to.contain('Added the field Renewal tier.');
  });

  it('edits the label and required flag; key and type stay fixed', async () => {
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [tier])] },
      { method: 'PATCH', path: /^\/fields\/0+f1$/, answers: [json(200, { ...tier, label: 'Account tier', required: true, version: 2 })] },
    ]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${new FakeLive().client}></shoal-field-settings>`);
    await settle(el);
    $<HTMLButtonElement>(el, 'tr[data-key="tier"] button.edit').click();
    await settleAll(el, form(el));
    expect(inForm<HTMLInputElement>(el, '#field-key').disabled).to.equal(true);
    expect(inForm<HTMLSelectElement>(el, '#field-type').disabled).to.equal(true);
    type(inForm<HTMLInputElement>(el, '#field-label'), 'Account tier');
    inForm<HTMLInputElement>(el, '#field-required').click();
    await settleAll(el, form(el));
    inForm<HTMLFormElement>(el, 'form').requestSubmit();
    await settleAll(el, form(el));
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', url: `/api/fields/${tier.id}` });
    expect(calls.at(-1)!.body).to.deep.equal({ label: 'Account tier', required: true, options: tier.options });
    expect($(el, 'tr[data-key="tier"]').textContent).to.contain('Account tier').and.contain('Required');
  });

  it('deletes only after a confirmation that says what becomes of the values', async () => {
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [tier])] },
      { method: 'DELETE', path: /^\/fields\/0+f1$/, answers: [() => new Response(null, { status: 204 })] },
    ]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${new FakeLive().client}></shoal-field-settings>`);
    await settle(el);
    $<HTMLButtonElement>(el, 'tr[data-key="tier"] button.delete').click();
    await settle(el);
    const dialog = $<HTMLElement & { heading: string }>(el, 'shoal-confirm-dialog');
    expect(dialog.heading).to.equal('Delete the field Tier?');
    expect($(el, '.consequence').textContent).to.contain('Every customer loses the field "Tier"').and.contain('values stay stored under the key tier');
    expect(calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'DELETE', url: `/api/fields/${tier.id}` });
    expect($(el, 'tr[data-key="tier"]')).to.equal(null);
    expect($(el, '.state.empty')).to.exist;
  });

  it('loads the definitions again after changes were lost (a resync)', async () => {
    const live = new FakeLive();
    const { api, calls } = routedApi([{ method: 'GET', path: /^\/fields$/, answers: [json(200, []), json(200, [tier])] }]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${live.client}></shoal-field-settings>`);
    await settle(el);
    for (const s of live.subscribers) s.resync?.();
    await settle(el);
    expect(calls.filter((c) => c.url === '/api/fields')).to.have.length(2);
    expect($(el, 'tr[data-key="tier"]')).to.exist;
  });

  it('shows a definition another admin adds, changes or deletes, live (through the store)', async () => {
    const live = new FakeLive();
    const { api, calls } = routedApi([{ method: 'GET', path: /^\/fields$/, answers: [json(200, [])] }]);
    const el = await fixture<ShoalFieldSettings>(html`<shoal-field-settings .api=${api} .live=${live.client}></shoal-field-settings>`);
    await settle(el);
    live.change({ entity: 'field', op: 'created', id: tier.id, data: tier, version: 1, actor });
    await settle(el);
    expect($(el, 'tr[data-key="tier"]').textContent).to.contain('Tier');
    live.change({ entity: 'field', op: 'updated', id: tier.id, data: { ...tier, label: 'Level', version: 2 }, version: 2, actor });
    await settle(el);
    expect($(el, 'tr[data-key="tier"] th').textContent).to.equal('Level');
    live.change({ entity: 'field', op: 'deleted', id: tier.id, data: { ...tier, version: 2 }, version: 3, actor });
    await settle(el);
    expect($(el, 'tr[data-key="tier"]')).to.equal(null);
    expect(calls, 'one load; the rest came as change events').to.have.length(1);
  });
});

describe('settings: pipelines', function () {
  // Several renders, dialogs and accessibility checks a test: room for a loaded machine.
  this.timeout(20_000);
  const open = async (counts: Record<string, number> = {}, extra: Parameters<typeof routedApi>[0] = []) => {
    const live = new FakeLive();
    const routed = routedApi([
      { method: 'GET', path: /^\/pipelines$/, answers: [json(200, [sales])] },
      { method: 'GET', path: /^\/pipeline\?/, answers: [json(200, board(counts))] },
      ...extra,
    ]);
    const el = await fixture<ShoalPipelineSettings>(html`<shoal-pipeline-settings .api=${routed.api} .live=${live.client}></shoal-pipeline-settings>`);
    await settleAll(el);
    await settleAll(el, editor(el));
    return { el, live, ...routed };
  };
  const names = (el: ShoalPipelineSettings) => allInEditor<HTMLInputElement>(el, 'input.stage-name').map((i) => i.value);

  it('adds, renames and reorders stages with the keyboard, and saves them as one PATCH', async () => {
    const { el, calls, route } = await open();
    expect(names(el)).to.deep.equal(['Lead', 'Proposal', 'Won', 'Lost']);
    expect(inEditor<HTMLInputElement>(el, 'li[data-key="lead"] input.rotDays').value).to.equal('14');
    await expect(editor(el)).to.be.accessible();

    inEditor<HTMLButtonElement>(el, 'button.add-stage').click();
    await settleAll(el, editor(el));
    expect(editor(el).shadowRoot!.activeElement?.classList.contains('stage-name'), 'the new stage’s name has the focus').to.equal(true);
    await sendKeys({ type: 'Demo booked' });
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Proposal', 'Demo booked', 'Won', 'Lost']);
    // Up by the keyboard: Tab to its "up" button, Enter twice.
    inEditor<HTMLButtonElement>(el, 'li[data-key="demo_booked"] button.up').focus();
    await sendKeys({ press: 'Enter' });
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Demo booked', 'Proposal', 'Won', 'Lost']);
    expect((editor(el).shadowRoot!.activeElement as HTMLElement).getAttribute('aria-label'), 'the focus stays on the button').to.equal('Move Demo booked up');
    expect(inEditor(el, '[role="status"][aria-live]').textContent).to.contain('Demo booked moved to place 2 of 5.');
    type(inEditor<HTMLInputElement>(el, 'li[data-key="proposal"] input.stage-name'), 'Offer sent');
    type(inEditor<HTMLInputElement>(el, 'li[data-key="demo_booked"] input.rotDays'), '7');
    await settleAll(el, editor(el));

    const saved = { ...sales, version: 4, stages: [sales.stages[0]!, { key: 'demo_booked', name: 'Demo booked', probability: 50, kind: 'open' as const, rotDays: 7 }, { ...sales.stages[1]!, name: 'Offer sent' }, sales.stages[2]!, sales.stages[3]!] };
    route('PATCH', /^\/pipelines\/0+1$/, json(200, saved));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect(last(calls, 'PATCH')).to.deep.include({ method: 'PATCH', url: `/api/pipelines/${sales.id}` });
    expect(last(calls, 'PATCH').body).to.deep.equal({
      stages: [
        { key: 'lead', name: 'Lead', probability: 10, kind: 'open', rotDays: 14 },
        { key: 'demo_booked', name: 'Demo booked', probability: 50, kind: 'open', rotDays: 7 },
        { key: 'proposal', name: 'Offer sent', probability: 50, kind: 'open' },
        { key: 'won', name: 'Won', probability: 100, kind: 'won' },
        { key: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
      ],
    });
    expect(inEditor(el, '[role="status"][aria-live]').textContent).to.contain('Saved the pipeline Sales.');
    expect(inEditor<HTMLButtonElement>(el, 'button.save').disabled, 'nothing left to save').to.equal(true);
  });

  it('asks where a removed stage’s deals go; unanswered, the API’s 422 shows beside the question; answered, moveDeals is sent', async () => {
    const refusal = problem(422, { title: 'Invalid input', errors: [{ path: 'moveDeals', message: 'must say where the 3 deals of the stage proposal go (moveDeals.proposal)' }] });
    const { el, calls, route } = await open({ proposal: 3 }, [{ method: 'PATCH', path: /^\/pipelines\/0+1$/, answers: [refusal] }]);
    inEditor<HTMLButtonElement>(el, 'li[data-key="proposal"] button.remove').click();
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Won', 'Lost']);
    const question = inEditor(el, 'li[data-removed="proposal"]');
    expect(question.textContent).to.contain('Move the 3 deals of Proposal to');
    expect(editor(el).shadowRoot!.activeElement?.getAttribute('data-move'), 'the question has the focus').to.equal('proposal');

    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect(last(calls, 'PATCH').body).to.not.have.property('moveDeals');
    expect(inEditor(el, '#move-proposal-error').textContent).to.contain('must say where the 3 deals of the stage proposal go');
    expect(inEditor<HTMLSelectElement>(el, '#move-proposal').getAttribute('aria-invalid')).to.equal('true');
    await expect(editor(el)).to.be.accessible();

    choose(inEditor<HTMLSelectElement>(el, '#move-proposal'), 'lead');
    await settleAll(el, editor(el));
    expect(editor(el).shadowRoot!.querySelector('#move-proposal-error')).to.equal(null);
    route('PATCH', /^\/pipelines\/0+1$/, json(200, { ...sales, version: 4, stages: sales.stages.filter((s) => s.key !== 'proposal') }));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect(last(calls, 'PATCH').body).to.deep.include({ moveDeals: { proposal: 'lead' } });
    expect(editor(el).shadowRoot!.querySelector('li[data-removed]')).to.equal(null);
  });

  it('saves with If-Match on the version the edit began from; a 412 says someone else changed the pipeline and shows their version', async () => {
    const theirs = { ...sales, version: 4, stages: [{ ...sales.stages[0]!, name: 'New lead' }, ...sales.stages.slice(1)] };
    const refusal = problem(412, { title: 'The record changed since you read it', current: theirs, conflicts: ['stages'] });
    const { el, calls, route } = await open({}, [{ method: 'PATCH', path: /^\/pipelines\/0+1$/, answers: [refusal] }]);
    type(inEditor<HTMLInputElement>(el, 'li[data-key="proposal"] input.stage-name'), 'Offer sent');
    await settleAll(el, editor(el));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect((last(calls, 'PATCH') as unknown as { headers: Record<string, string> }).headers['if-match'], 'the version shown').to.equal('"3"');
    const notice = inEditor(el, '.refused');
    expect(notice.textContent).to.contain('Someone else changed this pipeline').and.contain('your changes were not saved');
    expect(editor(el).shadowRoot!.activeElement, 'the notice has the focus').to.equal(notice);
    expect(names(el), 'their version is loaded').to.deep.equal(['New lead', 'Proposal', 'Won', 'Lost']);
    await expect(editor(el)).to.be.accessible();

    // Made again on their version, the save goes with its version.
    type(inEditor<HTMLInputElement>(el, 'li[data-key="proposal"] input.stage-name'), 'Offer sent');
    await settleAll(el, editor(el));
    route('PATCH', /^\/pipelines\/0+1$/, json(200, { ...theirs, version: 5, stages: [theirs.stages[0]!, { ...sales.stages[1]!, name: 'Offer sent' }, ...sales.stages.slice(2)] }));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect((last(calls, 'PATCH') as unknown as { headers: Record<string, string> }).headers['if-match']).to.equal('"4"');
    expect(editor(el).shadowRoot!.querySelector('.refused'), 'gone once saved').to.equal(null);
    expect(names(el)).to.deep.equal(['New lead', 'Offer sent', 'Won', 'Lost']);
  });

  it('shows a stage’s 422 beside the stage it names', async () => {
    const refusal = problem(422, { title: 'Invalid input', errors: [{ path: 'stages.1.probability', message: 'must be a whole number from 0 to 100' }] });
    const { el } = await open({}, [{ method: 'PATCH', path: /^\/pipelines\/0+1$/, answers: [refusal] }]);
    type(inEditor<HTMLInputElement>(el, 'li[data-key="proposal"] input.probability'), '150');
    await settleAll(el, editor(el));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    const row = inEditor(el, 'li[data-key="proposal"]');
    expect(row.querySelector('.stage-error')!.textContent).to.contain('Probability must be a whole number from 0 to 100');
    expect(row.querySelector('input.probability')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('says when the pipelines could not be loaded, and tries again', async () => {
    const { api } = routedApi([
      { method: 'GET', path: /^\/pipelines$/, answers: [problem(503, { title: 'Unavailable', detail: 'Shoal is starting.' }), json(200, [sales])] },
      { method: 'GET', path: /^\/pipeline\?/, answers: [json(200, board({}))] },
    ]);
    const el = await fixture<ShoalPipelineSettings>(html`<shoal-pipeline-settings .api=${api} .live=${new FakeLive().client}></shoal-pipeline-settings>`);
    await settle(el);
    expect($(el, '[role="alert"]').textContent).to.contain('Pipelines could not be loaded');
    $<HTMLButtonElement>(el, 'button.retry').click();
    await settleAll(el);
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Proposal', 'Won', 'Lost']);
  });

  it('adds a pipeline with its name and stages', async () => {
    const made: PipelineDefinition = { ...sales, id: '0000000000000000000000b2', name: 'Renewals', default: false, version: 1, stages: [{ key: 'lead', name: 'Lead', probability: 10, kind: 'open' }, { key: 'won', name: 'Won', probability: 100, kind: 'won' }, { key: 'lost', name: 'Lost', probability: 0, kind: 'lost' }] };
    const { el, calls } = await open({}, [{ method: 'POST', path: /^\/pipelines$/, answers: [json(201, made)] }]);
    $<HTMLButtonElement>(el, 'button.add-pipeline').click();
    await settleAll(el, editor(el));
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Won', 'Lost']);
    type(inEditor<HTMLInputElement>(el, '#pipeline-name'), 'Renewals');
    await settleAll(el, editor(el));
    inEditor<HTMLButtonElement>(el, 'button.save').click();
    await settleAll(el, editor(el));
    expect(last(calls, 'POST')).to.deep.include({ method: 'POST', url: '/api/pipelines' });
    expect((last(calls, 'POST').body as { name: string }).name).to.equal('Renewals');
    await settleAll(el, editor(el));
    expect($(el, 'button.pipeline[aria-pressed="true"]').textContent).to.contain('Renewals');
  });

  it('follows another admin’s change live while the draft is clean, and warns when it is not', async () => {
    const { el, live } = await open();
    live.change({ entity: 'pipeline', op: 'updated', id: sales.id, data: { ...sales, version: 4, stages: [...sales.stages.slice(0, 2), { key: 'trial', name: 'Trial', probability: 60, kind: 'open' }, ...sales.stages.slice(2)] }, version: 4, actor });
    await settleAll(el, editor(el));
    await settleAll(el, editor(el));
    expect(names(el)).to.deep.equal(['Lead', 'Proposal', 'Trial', 'Won', 'Lost']);
    type(inEditor<HTMLInputElement>(el, 'li[data-key="lead"] input.stage-name'), 'New lead');
    await settleAll(el, editor(el));
    live.change({ entity: 'pipeline', op: 'updated', id: sales.id, data: { ...sales, name: 'Sales team', version: 5 }, version: 5, actor });
    await settleAll(el, editor(el));
    await settleAll(el, editor(el));
    expect(names(el)[0], 'the admin’s own edit stays').to.equal('New lead');
    expect(inEditor(el, '.changed-elsewhere').textContent).to.contain('Another admin changed this pipeline');
  });
});

describe('settings page', function () {
  // Several renders, dialogs and accessibility checks a test: room for a loaded machine.
  this.timeout(20_000);
  it('tells a rep that only admins change the settings, and loads nothing', async () => {
    const el = await fixture<ShoalSettingsPage>(html`<shoal-settings-page .user=${rep}></shoal-settings-page>`);
    await settle(el);
    expect(el.shadowRoot!.textContent).to.contain('Only admins can change the settings');
    expect(el.shadowRoot!.querySelector('shoal-field-settings, shoal-pipeline-settings')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an admin the section of its address, with links to the others', async () => {
    const el = await fixture<ShoalSettingsPage>(html`<shoal-settings-page .user=${admin} section="pipelines"></shoal-settings-page>`);
    await settle(el);
    expect(el.shadowRoot!.querySelector('shoal-pipeline-settings')).to.exist;
    expect(el.shadowRoot!.querySelector('a[aria-current="page"]')!.textContent).to.equal('Pipelines');
  });
});
