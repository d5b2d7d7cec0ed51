/**
 * Scenario 10: the first-run demo data (SPEC section 6, issue 10: "demo data loads in under
 * 30 s"): `POST /api/demo-data` into an empty Shoal, timed until its job says done.
 */
export interface DemoScenarioResult {
  seconds: number;
  /** The records it made, from the lists' totals. */
  records: Record<string, number>;
}

export async function runDemoScenario(options: { url: string; token: string; log: (line: string) => void }): Promise<DemoScenarioResult> {
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const began = performance.now();
  const res = await fetch(`${options.url}/api/demo-data`, { method: 'POST', headers, body: '{}' });
  if (res.status !== 202) throw new Error(`demo data: ${res.status} ${await res.text()}`);
  const job = (await res.json()) as { id: string };
  for (;;) {
    const state = (await (await fetch(`${options.url}/api/demo-data/${job.id}`, { headers })).json()) as { state: string; error?: string };
    if (state.state === 'done') break;
    if (state.state === 'failed') throw new Error(`demo data failed: ${state.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - began) / 1000;
  const records: Record<string, number> = {};
  for (const kind of ['customers', 'contacts', 'opportunities', 'interactions', 'tasks']) {
    const list = await fetch(`${options.url}/api/${kind}?limit=1`, { headers });
    records[kind] = Number(list.headers.get('x-total-count'));
  }
  options.log(`  ${seconds.toFixed(1)} s for ${Object.entries(records).map(([k, n]) => `${n.toLocaleString('en')} ${k}`).join(', ')}`);
  return { seconds, records };
}
