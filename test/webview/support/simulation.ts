// Runs in Node (browser tests and the panel benchmark). Drives the panel's simulation controls
// like a user and reads what the page shows.
import type { Browser, Page } from 'playwright-core';
import { measures, openPanel, waitForDiagram } from './browser';

export async function setControl(page: Page, selector: string, value: string): Promise<void> {
  const tag = await page.$eval(selector, (e) => e.tagName);
  if (tag === 'SELECT') await page.selectOption(selector, value);
  else await page.fill(selector, value);
  await page.dispatchEvent(selector, 'change');
}

/** Virtual time shown by the page, ms. */
export async function simTime(page: Page): Promise<number> {
  return page.$eval('#sim', (e) => Number((e as HTMLElement).dataset.simTime ?? '0'));
}

export async function metric(page: Page, key: string): Promise<string> {
  return page.$eval(`#sim-metrics td[data-metric="${key}"]`, (e) => e.textContent ?? '');
}

/** The states drawn on the diagram, by component id. */
export async function nodeStates(page: Page): Promise<Record<string, string>> {
  return page.$$eval('#diagram [data-sdl-id]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-sdl-id')!, e.getAttribute('data-sdl-state') ?? ''])));
}

/**
 * Plays a design until `frames` frames were drawn (or the run ends) and returns how long
 * drawing each frame of node state onto the diagram took (`sdlab:apply-frame`).
 */
export interface FrameTimes {
  /** Updating the diagram's attributes and notes, per frame after the first. */
  samples: number[];
  /** The same plus the style and layout it causes. */
  withLayout: number[];
  /** The first frame, where every node changes. */
  first: number;
  firstWithLayout: number;
  skipped?: string;
}

export async function runSimulationFrames(browser: Browser, text: string, nodes: number, frames = 60): Promise<FrameTimes> {
  const p = await openPanel(browser, { text, fileName: `bench-${nodes}.mmd` });
  try {
    await waitForDiagram(p.page, nodes, 120_000);
    await setControl(p.page, '#sim-rps', '200');
    await setControl(p.page, '#sim-speed', '5');
    await p.page.click('#sim-play');
    await p.page.waitForFunction(
      (n) => performance.getEntriesByName('sdlab:apply-frame', 'measure').length >= n || document.getElementById('sim')?.dataset.simState === 'finished',
      frames,
      { timeout: 180_000 },
    );
    await p.page.click('#sim-pause');
    const samples = await measures(p.page, 'sdlab:apply-frame');
    const withLayout = await measures(p.page, 'sdlab:apply-frame-layout');
    if (samples.length === 0) return { samples, withLayout, first: NaN, firstWithLayout: NaN, skipped: 'no frame was drawn' };
    return { samples: samples.slice(1), withLayout: withLayout.slice(1), first: samples[0]!, firstWithLayout: withLayout[0]! };
  } finally {
    await p.close();
  }
}
