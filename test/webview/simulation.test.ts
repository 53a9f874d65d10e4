// Browser tests of the panel's simulation: the real page and worker bundle in headless
// chromium, driven through the controls and the diagram as a user would.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumMissing, measures, median, waitForDiagram, warnSkipped, type PanelPage } from './support/browser';
import { example, panelSuite } from './support/panelSuite';
import { tieredDesign } from './support/designs';
import { metric, nodeStates, runSimulationFrames, setControl, simTime } from './support/simulation';

const missing = chromiumMissing();
if (missing) warnSkipped(missing);

/** The pixels of a chart's canvas, to see that it was drawn again. */
const chartPixels = (page: Page, id: string): Promise<string> => page.$eval(`#${id} canvas`, (c) => (c as HTMLCanvasElement).toDataURL());

describe.skipIf(missing !== undefined)('simulation in the panel (chromium)', () => {
  const suite = panelSuite();
  const panel = (text: string, fileName: string): Promise<PanelPage> => suite.panel({ text, fileName });

  it('play runs the simulation in a worker: the clock, metrics and charts move, the run ends with a summary and verdicts', async () => {
    const p = await panel(example('bank-transfers.mmd'), 'bank-transfers.mmd');
    await waitForDiagram(p.page, 8);
    await setControl(p.page, '#sim-duration', '20');
    await setControl(p.page, '#sim-speed', '10');
    await p.page.click('#sim-play');
    await p.page.waitForFunction(() => Number(document.getElementById('sim')?.dataset.simTime ?? 0) > 3000, undefined, { timeout: 60_000 });
    const t1 = await simTime(p.page);
    const requests1 = Number(await metric(p.page, 'requests'));
    const chart1 = await chartPixels(p.page, 'chart-throughput');
    expect(requests1).toBeGreaterThan(0);
    // The page stays responsive while the worker simulates: a zoom click is handled at once.
    const before = await p.page.$eval('#diagram-canvas', (e) => (e as HTMLElement).style.transform);
    const clickedAt = Date.now();
    await p.page.click('#zoom-in');
    expect(await p.page.$eval('#diagram-canvas', (e) => (e as HTMLElement).style.transform)).not.toBe(before);
    console.log(`[panel] zoom click handled ${Date.now() - clickedAt} ms after it was sent, while simulating`);

    await p.page.waitForFunction((t) => Number(document.getElementById('sim')?.dataset.simTime ?? 0) > t + 3000, t1, { timeout: 60_000 });
    expect(Number(await metric(p.page, 'requests'))).toBeGreaterThan(requests1);
    expect(await chartPixels(p.page, 'chart-throughput')).not.toBe(chart1);
    expect(await p.page.textContent('#sim-clock')).toMatch(/s \/ 20 s$/);
    // The database roles are drawn on the diagram.
    const states = await nodeStates(p.page);
    expect(states.ledger).toBe('leader');
    expect(states.standby).toBe('follower');
    await p.page.screenshot({ path: join(ARTIFACTS, 'simulation-running.png') });

    await p.page.waitForSelector('#sim[data-sim-state="finished"]', { timeout: 90_000 });
    await p.page.waitForSelector('#sim-verdicts li', { timeout: 60_000 });
    expect(await p.page.textContent('#sim-summary')).toContain('Run summary');
    const verdicts = await p.page.$$eval('#sim-verdicts li', (els) => els.map((e) => `${e.getAttribute('data-verdict')} ${e.textContent}`));
    expect(verdicts.some((v) => v.includes('Linearizability'))).toBe(true);
    expect(await p.page.$eval('#sim-summary-metrics', (t) => t.textContent)).toMatch(/Availability/);
    await p.page.screenshot({ path: join(ARTIFACTS, 'simulation-summary.png'), fullPage: true });
    const frames = await measures(p.page, 'sdlab:apply-frame');
    console.log(`[panel] bank-transfers: ${frames.length} frames drawn, median ${median(frames).toFixed(2)} ms each`);
    expect(p.observed.pageErrors).toEqual([]);
    expect(await p.cspViolations()).toEqual([]);
    await p.close();
  });

  it('crashing the primary from the diagram shows an election and a new leader', async () => {
    const p = await panel(example('bank-transfers.mmd'), 'bank-transfers.mmd');
    await waitForDiagram(p.page, 8);
    await setControl(p.page, '#sim-duration', '30');
    await setControl(p.page, '#sim-speed', '5');
    await p.page.click('#sim-step');
    await p.page.waitForFunction(() => document.querySelector('#diagram [data-sdl-id="ledger"]')?.getAttribute('data-sdl-state') === 'leader');
    // Point at the primary and crash it.
    await p.page.click('#diagram [data-sdl-id="ledger"]');
    await p.page.click('#node-menu #node-crash');
    await p.page.waitForFunction(() => document.querySelector('#diagram [data-sdl-id="ledger"]')?.getAttribute('data-sdl-state') === 'down');
    await p.page.click('#sim-play');
    await p.page.waitForFunction(
      () => [...document.querySelectorAll('#diagram [data-sdl-state="leader"]')].some((e) => e.getAttribute('data-sdl-id') !== 'ledger'),
      undefined,
      { timeout: 60_000 },
    );
    const states = await nodeStates(p.page);
    expect(states.ledger).toBe('down');
    expect(['standby', 'reporting'].filter((id) => states[id] === 'leader')).toHaveLength(1);
    await p.page.waitForFunction(() => [...document.querySelectorAll('#sim-events li')].some((li) => li.getAttribute('data-kind') === 'election'));
    const events = await p.page.$$eval('#sim-events li', (els) => els.map((e) => `${e.getAttribute('data-kind')}: ${e.textContent}`));
    expect(events.some((e) => e.startsWith('fault:'))).toBe(true);
    expect(Number(await metric(p.page, 'leaderChanges'))).toBeGreaterThanOrEqual(1);
    await p.page.screenshot({ path: join(ARTIFACTS, 'simulation-failover.png') });

    // Restart the old primary from the diagram: it comes back (as a follower, or leader again).
    await p.page.click('#sim-pause');
    await p.page.click('#diagram [data-sdl-id="ledger"]');
    await p.page.click('#node-menu #node-restart');
    await p.page.waitForFunction(() => document.querySelector('#diagram [data-sdl-id="ledger"]')?.getAttribute('data-sdl-state') !== 'down');
    await p.close();
  });

  it('partitions the regions picked on the diagram, and heals them', async () => {
    const p = await panel(example('two-region.mmd'), 'two-region.mmd');
    await waitForDiagram(p.page, 14);
    await setControl(p.page, '#sim-rps', '300');
    await p.page.click('#sim-step');
    // Click the us-west region's frame (not a node inside it).
    const region = p.page.locator('#diagram [data-sdl-group="west"]');
    const box = (await region.boundingBox())!;
    await p.page.mouse.click(box.x + 6, box.y + box.height - 6);
    await p.page.waitForSelector('#diagram [data-sdl-group="west"].sdl-group-selected');
    expect(await p.page.isEnabled('#sim-partition')).toBe(true);
    await p.page.click('#sim-partition');
    await p.page.click('#sim-step');
    await p.page.waitForFunction(() => document.querySelectorAll('#diagram [data-sdl-state="partitioned"]').length > 0);
    const partitioned = Object.entries(await nodeStates(p.page)).filter(([, s]) => s === 'partitioned').map(([id]) => id);
    expect(partitioned.length).toBeGreaterThan(0);
    await p.page.screenshot({ path: join(ARTIFACTS, 'simulation-partition.png') });
    await p.page.click('#sim-heal');
    await p.page.click('#sim-step');
    await p.page.waitForFunction(() => document.querySelectorAll('#diagram [data-sdl-state="partitioned"]').length === 0);
    await p.close();
  });

  it("draws a violation's witness as a Mermaid sequence diagram in the summary", async () => {
    const p = await panel(example('two-region.mmd'), 'two-region.mmd');
    await waitForDiagram(p.page, 14);
    // A replica falls behind from 20 s to 40 s while reads go to replicas: stale reads follow.
    await setControl(p.page, '#sim-preset', 'replica-lag-spike');
    expect(await p.page.inputValue('#sim-reads')).toBe('replica');
    await setControl(p.page, '#sim-rps', '200');
    await setControl(p.page, '#sim-duration', '30');
    await setControl(p.page, '#sim-speed', '50');
    await p.page.click('#sim-play');
    await p.page.waitForSelector('#sim[data-sim-state="finished"]', { timeout: 90_000 });
    const witness = p.page.locator('#sim-verdicts li[data-verdict="violated"] .witness svg').first();
    await witness.waitFor({ timeout: 60_000 });
    // A sequence diagram: client sessions and nodes as participants, the operations as messages.
    expect(await witness.getAttribute('aria-roledescription')).toBe('sequence');
    expect((await witness.textContent())?.length).toBeGreaterThan(20);
    expect(await p.page.textContent('#sim-verdicts')).toMatch(/Linearizability/);
    await witness.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: join(ARTIFACTS, 'simulation-witness.png') });
    await p.close();
  });

  it('measures drawing one frame of state on a 200-node diagram (printed, not asserted)', async () => {
    const r = await runSimulationFrames(suite.browser(), tieredDesign(200), 200, 40);
    expect(r.skipped).toBeUndefined();
    const s = [...r.samples].sort((a, b) => a - b);
    const l = [...r.withLayout].sort((a, b) => a - b);
    console.log(
      `[panel] one frame of simulation state on 200 nodes (goal < 16 ms): first frame (every node changes) ${r.first.toFixed(2)} ms, ${r.firstWithLayout.toFixed(2)} ms with style+layout; ` +
        `then median ${median(s).toFixed(2)} ms (${median(l).toFixed(2)} ms with layout), max ${s[s.length - 1]?.toFixed(2)} ms (${l[l.length - 1]?.toFixed(2)} ms) over ${s.length} frames`,
    );
  });
});
